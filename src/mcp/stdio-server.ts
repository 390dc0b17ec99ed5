import { basename } from 'node:path';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { sdkStdioClient } from './sdk.js';
import { UserError } from '../errors/index.js';
import { MCPServerBase } from './base-server.js';
import type { MCPServerCommonOptions } from './server-options.js';

/** Options of {@link MCPServerStdio}. */
export interface MCPServerStdioOptions extends MCPServerCommonOptions {
  /** The program to start, e.g. `process.execPath`. */
  command: string;
  args?: string[];
  /** Added to a minimal safe environment (PATH, HOME, ...), not to the whole of `process.env`. */
  env?: Record<string, string>;
  cwd?: string;
}

// Enough of the server's standard error to explain a failure, without growing without bound.
const STDERR_KEPT = 4096;

/**
 * An MCP server started as a child process and spoken to over its stdin/stdout. Its standard
 * error is kept (the last 4 KB) and shown in errors; `close()` ends the process.
 */
export class MCPServerStdio extends MCPServerBase {
  /** The program started. */
  readonly command: string;
  /** Its arguments. */
  readonly args: readonly string[];
  #options: MCPServerStdioOptions;
  #transport: StdioClientTransport | undefined;
  #stderr = '';

  constructor(options: MCPServerStdioOptions) {
    if (!options || typeof options.command !== 'string' || options.command === '') throw new UserError('MCPServerStdio needs a command');
    if (options.args !== undefined && !(Array.isArray(options.args) && options.args.every((a) => typeof a === 'string'))) {
      throw new UserError('MCPServerStdio: args must be an array of strings');
    }
    super(options, defaultName(options));
    this.command = options.command;
    this.args = options.args ?? [];
    this.#options = options;
  }

  /** The child's process id while it runs, else null. */
  get pid(): number | null {
    return this.#transport?.pid ?? null;
  }

  /** What the server last wrote to its standard error (at most 4 KB). */
  get stderr(): string {
    return this.#stderr;
  }

  protected async createTransport(): Promise<StdioClientTransport> {
    const { StdioClientTransport, getDefaultEnvironment } = await sdkStdioClient();
    this.#stderr = '';
    const { command, args, env, cwd } = this.#options;
    const transport = new StdioClientTransport({
      command,
      args: args ?? [],
      env: env === undefined ? undefined : Object.assign(getDefaultEnvironment(), env),
      cwd,
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer | string) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-STDERR_KEPT);
    });
    this.#transport = transport;
    return transport;
  }

  protected override errorDetail(): string {
    const text = this.#stderr.trim();
    return text === '' ? '' : `\nserver stderr:\n${text}`;
  }

  /** Kill the child at once, synchronously (for process exit, where nothing can be awaited). */
  killNow(): void {
    const pid = this.pid;
    if (pid === null) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function defaultName(options: MCPServerStdioOptions): string {
  const parts = [basename(options.command), ...(options.args ?? []).map((a) => basename(a))];
  return `stdio: ${parts.join(' ')}`.slice(0, 120);
}
