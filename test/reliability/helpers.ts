// Shared helpers of the reliability tests: a scripted server per test, runs in both modes that
// return their error instead of throwing, a span recorder, and the watch for unhandled rejections.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Agent, OpenAIProvider, Runner, setTraceProcessors, type RunHooksLike, type ModelSettings, type RunResult, type Span, type StreamEvent, type Tool,
} from '../../src/index.js';
import { startScriptedServer, textMessage, type ScriptedServer, type ScriptedServerEntry, type ScriptedServerOptions } from '../../src/testing/index.js';

/** A key no test output may ever contain. */
export const SECRET_KEY = 'sk-reliability-SECRET-9f83c2a1d77e4b0aa5';

/** The two OpenAI APIs × the two run modes. */
export const APIS = [
  { api: 'Responses', useResponses: true },
  { api: 'Chat Completions', useResponses: false },
] as const;
export const MODES = ['blocking', 'streamed'] as const;
export type Mode = (typeof MODES)[number];

/** Retries fast enough for tests: the policy and counts are the defaults, the waits tiny. */
export const FAST_RETRY: ModelSettings = { retry: { initialDelayMs: 2, maxDelayMs: 10 } };

const servers: ScriptedServer[] = [];
after(() => Promise.all(servers.map((s) => s.close().catch(() => undefined))));

/** A scripted server closed when the file ends. */
export async function scriptedServer(script: ScriptedServerEntry[], options: Omit<ScriptedServerOptions, 'script'> = {}): Promise<ScriptedServer> {
  const server = await startScriptedServer({ ...options, script });
  servers.push(server);
  return server;
}

/** The final answer every script ends with. */
export const DONE = { output: [textMessage('done')] };

/** An agent of the real OpenAI model of one API, against `server`, with the secret key. */
export function agentFor(server: ScriptedServer, useResponses: boolean, options: { modelSettings?: ModelSettings; tools?: Tool[] } = {}): Agent {
  const provider = new OpenAIProvider({ apiKey: SECRET_KEY, baseURL: server.url, useResponses });
  return new Agent({ name: 'faulty', model: provider.getModel('gpt-test'), modelSettings: options.modelSettings ?? FAST_RETRY, tools: options.tools ?? [] });
}

export interface Outcome {
  result?: RunResult<unknown, unknown>;
  error?: unknown;
  events: StreamEvent[];
}

/** Run `agent` in `mode`; the error is returned. Bounded: a hang fails the test. */
export async function runIn(mode: Mode, agent: Agent, input = 'hi', options: { signal?: AbortSignal; maxTurns?: number; hooks?: RunHooksLike<unknown> } = {}): Promise<Outcome> {
  const events: StreamEvent[] = [];
  const work = (async (): Promise<Outcome> => {
    try {
      if (mode === 'blocking') return { result: await Runner.run(agent, input, options), events };
      const streamed = Runner.runStreamed(agent, input, options);
      for await (const event of streamed.streamEvents()) events.push(event);
      await streamed.completed;
      return { result: streamed as unknown as RunResult<unknown, unknown>, events };
    } catch (error) {
      return { error, events };
    }
  })();
  return within(work, 10_000, `${mode} run`);
}

/** `promise`, or a failure naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every span that ends from now until `stop()`. */
export function recordSpans(): { spans: Span[]; stop: () => void } {
  const spans: Span[] = [];
  setTraceProcessors([{ onSpanEnd: (span) => void spans.push(span) }]);
  return { spans, stop: () => setTraceProcessors([]) };
}

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => void unhandled.push(reason));
/** Fails if any promise rejection went unhandled so far. */
export function assertNoUnhandledRejections(): void {
  assert.deepEqual(unhandled.map(String), [], 'no unhandled rejections');
}

/** Every string form of an error: message, stack, causes, own fields, JSON. */
export function errorTexts(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      out.push(current.message, current.stack ?? '', String(current));
      for (const key of Object.keys(current)) {
        if (key === 'runData') continue;
        const value = (current as unknown as Record<string, unknown>)[key];
        out.push(typeof value === 'string' ? value : safeJson(value));
      }
      out.push(safeJson(current));
      current = current.cause;
    } else {
      out.push(typeof current === 'string' ? current : safeJson(current));
      current = undefined;
    }
  }
  return out;
}

export function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    }) ?? String(value);
  } catch (error) {
    return `unserialisable: ${String(error)}`;
  }
}
