#!/usr/bin/env node
// Runs a scripted OpenAI-compatible server in its own process (the benchmark spawns it), e.g.
//   node dist/testing/scripted-server-cli.js --echo --tool-calls 2 --latency-ms 20
// and prints {"url","port","pid"} as one JSON line once it listens.
import { startScriptedServer } from './scripted-server.js';
import { parseScriptedServerArgs, SCRIPTED_SERVER_USAGE } from './scripted-server-args.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${SCRIPTED_SERVER_USAGE}\n`);
  process.exit(0);
}
let options;
try {
  options = parseScriptedServerArgs(args);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${SCRIPTED_SERVER_USAGE}\n`);
  process.exit(2);
}
const server = await startScriptedServer(options);
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, pid: process.pid })}\n`);

const stop = (): void => {
  server.close().then(() => process.exit(0), () => process.exit(1));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
