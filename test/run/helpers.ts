// Shared helpers for the run pipeline tests: scripted agents, scripted-server providers,
// stream collection and small promise utilities.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, OpenAIProvider, Runner, type AgentConfig, type Model, type ModelProvider, type RunInput, type RunOptions, type RunResult, type RunResultStreaming, type StreamEvent } from '../../src/index.js';
import { ScriptedModel, startScriptedServer, type ScriptedModelEntry, type ScriptedServer, type ScriptedServerEntry, type ScriptedServerOptions } from '../../src/testing/index.js';

/** An agent backed by a fresh ScriptedModel serving `entries`. */
export function scriptedAgent<C = unknown, O = string>(
  entries: ScriptedModelEntry[],
  config: Omit<AgentConfig<C, O>, 'model' | 'name'> & { name?: string } = {},
): { agent: Agent<C, O>; model: ScriptedModel } {
  const model = new ScriptedModel(entries);
  const agent = new Agent<C, O>({ name: 'assistant', ...config, model });
  return { agent, model };
}

const servers: ScriptedServer[] = [];
// Registered at import (top level of the test file): a hook added inside a test would not run.
after(() => Promise.all(servers.map((s) => s.close())));

/** A scripted server closed when the test file ends. */
export async function scriptedServer(script: ScriptedServerEntry[] = [], options: Omit<ScriptedServerOptions, 'script'> = {}): Promise<ScriptedServer> {
  const server = await startScriptedServer({ ...options, script });
  servers.push(server);
  return server;
}

/** The two OpenAI APIs the real models speak. */
export const APIS = [
  { label: 'Responses', useResponses: true, path: '/v1/responses' },
  { label: 'Chat Completions', useResponses: false, path: '/v1/chat/completions' },
] as const;

/** A provider for the real OpenAI model of one API, pointed at `server`. */
export function providerFor(server: ScriptedServer, useResponses: boolean): OpenAIProvider {
  return new OpenAIProvider({ apiKey: 'test', baseURL: server.url, useResponses });
}

/** Read every event of a streamed run; the run's error (if any) is returned, not thrown. */
export async function collectEvents(result: RunResultStreaming<unknown, unknown>): Promise<{ events: StreamEvent[]; error: unknown }> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of result.streamEvents()) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

/** The names of run_item_stream_events, and agent updates as `agent:<name>`. */
export function eventNames(events: StreamEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'run_item_stream_event') out.push(e.name);
    else if (e.type === 'agent_updated_stream_event') out.push(`agent:${e.newAgent.name}`);
  }
  return out;
}

/** A promise with its resolve function exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Rejects after `ms` with a message, so a missing event fails the test instead of hanging it. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The text of the `function_call_output` for `callId` in a recorded model input. */
export function outputFor(input: ReadonlyArray<unknown>, callId: string): string | undefined {
  for (const item of input) {
    const i = item as { type?: string; call_id?: string; output?: string };
    if (i.type === 'function_call_output' && i.call_id === callId) return i.output;
  }
  return undefined;
}

/** Run modes: the same pipeline, with or without a stream sink. */
export type Mode = 'blocking' | 'streamed';
export const MODES: readonly Mode[] = ['blocking', 'streamed'];

/** Run in `mode`; a streamed run is read to its end. The error is returned, not thrown. */
export async function runIn<O>(mode: Mode, agent: Agent<unknown, O>, input: RunInput<unknown>, options: RunOptions<unknown> = {}): Promise<{ result?: RunResult<unknown, O>; events: StreamEvent[]; error?: unknown }> {
  if (mode === 'blocking') {
    try {
      return { result: await Runner.run(agent, input, options), events: [] };
    } catch (error) {
      return { events: [], error };
    }
  }
  const streamed = Runner.runStreamed(agent, input, options);
  const { events, error } = await collectEvents(streamed as never);
  assert.equal(streamed.isComplete, true);
  if (error) {
    await assert.rejects(streamed.completed, (e: unknown) => e === error, 'completed rejects with the stream\'s error');
    return { events, error };
  }
  await streamed.completed;
  return { result: streamed, events };
}

/** The tool outputs a request sent back, as { call_id, output }, whichever API. */
export function sentToolOutputs(server: ScriptedServer, index: number): Array<{ call_id: string; output: string }> {
  const body = server.requests[index]!.body;
  if (Array.isArray(body.input)) {
    return (body.input as Array<{ type?: string; call_id: string; output: string }>)
      .filter((i) => i.type === 'function_call_output')
      .map(({ call_id, output }) => ({ call_id, output }));
  }
  return (body.messages as Array<{ role: string; tool_call_id: string; content: string }>)
    .filter((m) => m.role === 'tool')
    .map((m) => ({ call_id: m.tool_call_id, output: m.content }));
}

/** The concatenated output_text deltas of a streamed run. */
export function deltaText(events: StreamEvent[]): string {
  let text = '';
  for (const e of events) if (e.type === 'raw_response_event' && e.data.type === 'response.output_text.delta') text += e.data.delta as string;
  return text;
}

/** A provider serving ScriptedModels by name, recording the names asked for. */
export function namedProvider(models: Record<string, Model>): ModelProvider & { asked: Array<string | undefined> } {
  const asked: Array<string | undefined> = [];
  return {
    asked,
    getModel(name?: string): Model {
      asked.push(name);
      const model = models[name ?? 'default'];
      if (!model) throw new Error(`no model named ${name}`);
      return model;
    },
  };
}
