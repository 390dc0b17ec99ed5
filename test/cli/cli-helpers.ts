import { spawn } from 'node:child_process';

/** The CLI from source: node + tsx on src/cli/agentrun.ts, as `npx agentrun` runs the built file. */
export const CLI = ['--import', 'tsx', 'src/cli/agentrun.ts'];

/** What a finished `agentrun` process printed and its exit code. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `agentrun <args>` to completion (killed after 30 s), feeding `stdin` when given. */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [...CLI, ...args], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** The environment without an OpenAI key or base URL (so only --offline or an agent's own model can run). */
export function envWithoutKey(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  return Object.assign(env, extra);
}
