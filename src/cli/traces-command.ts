import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { defaultTraceDbPath } from '../tracing/local/store.js';
import type { CliCommand } from './command.js';
import { startTraceViewer } from './trace-viewer/server.js';
import { CliUsageError } from './cli-errors.js';

const USAGE = `Usage: agentrun traces [--db <path>] [--port <n>]

Serve the local trace viewer on 127.0.0.1 until Ctrl+C.
  --db <path>    trace database (default: $AGENTRUN_TRACE_DB or .agentrun/traces.db)
  --port <n>     port (default 0: any free port)
`;

/** Options of `agentrun traces`. */
export interface TracesArgs {
  db?: string;
  port: number;
}

/** Parses `agentrun traces` arguments; bad input is a `CliUsageError` naming the problem. */
export function parseTracesArgs(argv: readonly string[]): TracesArgs {
  let values: { db?: string | undefined; port?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { db: { type: 'string' }, port: { type: 'string', short: 'p' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(`agentrun traces: ${error instanceof Error ? error.message : String(error)}`);
  }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new CliUsageError(`agentrun traces: --port must be an integer 0-65535, got '${values.port}'`);
  }
  return { port, ...(values.db !== undefined && { db: values.db }) };
}

/** `agentrun traces`: the local trace viewer. */
export const tracesCommand: CliCommand = {
  usage: USAGE,
  async run(argv) {
    const args = parseTracesArgs(argv);
    const dbPath = args.db !== undefined ? resolve(args.db) : defaultTraceDbPath();
    const viewer = await startTraceViewer({ dbPath, port: args.port });
    process.stdout.write(`agentrun trace viewer: ${viewer.url}  (database: ${dbPath})\nPress Ctrl+C to stop.\n`);
    await new Promise<void>((done) => {
      const stop = (): void => {
        void viewer.close().then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
