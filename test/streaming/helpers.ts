// Shared helpers for the streaming tests: reading a streamed run, naming its events, recording
// hooks, and small promise utilities.
import { after } from 'node:test';
import { OpenAIProvider, type RunHooksLike, type StreamEvent } from '../../src/index.js';
import { startScriptedServer, type ScriptedServer, type ScriptedServerOptions } from '../../src/testing/index.js';

/** Every event of a streamed run, and the error the iterator threw at its end (if any). */
export { collectEvents as drain } from '../run/helpers.js';

/**
 * A compact label per event: `agent:<name>` for agent updates, the item event's name, and for raw
 * events `raw:<data.type>`. With `raw: false` raw events are left out.
 */
export function labels(events: readonly StreamEvent[], options: { raw?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'agent_updated_stream_event') out.push(`agent:${e.newAgent.name}`);
    else if (e.type === 'run_item_stream_event') out.push(e.name);
    else if (options.raw !== false) out.push(`raw:${e.data.type}`);
  }
  return out;
}

/** Collapse runs of identical consecutive labels (`raw:response.output_text.delta` ×5 → one). */
export function squash(list: readonly string[]): string[] {
  return list.filter((l, i) => i === 0 || list[i - 1] !== l);
}

/** The concatenated `response.output_text.delta` text of the events. */
export function deltaText(events: readonly StreamEvent[]): string {
  let text = '';
  for (const e of events) {
    if (e.type === 'raw_response_event' && e.data.type === 'response.output_text.delta') text += e.data.delta as string;
  }
  return text;
}

/** Run hooks that log each call as `<hook>:<agent>[:<detail>]`. */
export function recordingHooks(log: string[]): RunHooksLike<unknown> {
  return {
    onAgentStart: (_ctx, agent) => void log.push(`agentStart:${agent.name}`),
    onAgentEnd: (_ctx, agent, output) => void log.push(`agentEnd:${agent.name}:${JSON.stringify(output)}`),
    onHandoff: (_ctx, from, to) => void log.push(`handoff:${from.name}->${to.name}`),
    onToolStart: (_ctx, agent, tool) => void log.push(`toolStart:${agent.name}:${tool.name}`),
    onToolEnd: (_ctx, agent, tool, result) => void log.push(`toolEnd:${agent.name}:${tool.name}:${JSON.stringify(result)}`),
    onLlmStart: (_ctx, agent, _system, input) => void log.push(`llmStart:${agent.name}:${input.length}`),
    onLlmEnd: (_ctx, agent, response) => void log.push(`llmEnd:${agent.name}:${response.output.length}`),
  };
}

const servers: ScriptedServer[] = [];
// Registered at import (top level of the test file), so it runs when the whole file ends; an
// `after` registered inside a test would run after that test only.
after(() => Promise.all(servers.map((s) => s.close())));

/** A scripted server on an ephemeral port, closed when the test file ends. */
export async function scriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const server = await startScriptedServer(options);
  servers.push(server);
  return server;
}

/** A provider of the real OpenAI model (Responses or Chat Completions) talking to `server`. */
export function providerFor(server: ScriptedServer, useResponses = true): OpenAIProvider {
  return new OpenAIProvider({ apiKey: 'test', baseURL: server.url, useResponses });
}

/** A promise with its resolve function exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Rejects after `ms` naming `what`, so a missing event fails the test instead of hanging it. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
