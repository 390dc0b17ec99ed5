#!/usr/bin/env node
// The `agentrun` command line (package.json "bin"). Today: `agentrun traces`, the local trace viewer.
import { resolve } from 'node:path';
import { parseCliArgs, USAGE } from './args.js';
import { startTraceViewer } from './trace-viewer/server.js';
import { defaultTraceDbPath } from '../tracing/local/store.js';
import { UserError } from '../errors/index.js';

async function main(argv: readonly string[]): Promise<number> {
  const cli = parseCliArgs(argv);
  if (cli.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const dbPath = cli.db !== undefined ? resolve(cli.db) : defaultTraceDbPath();
  const viewer = await startTraceViewer({ dbPath, port: cli.port });
  process.stdout.write(`agentrun trace viewer: ${viewer.url}  (database: ${dbPath})\nPress Ctrl+C to stop.\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      void viewer.close().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UserError) {
      process.stderr.write(`agentrun: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`agentrun: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
