/**
 * Runs one scenario in both modes, blocking (`Runner.run`) and streamed (`Runner.runStreamed`),
 * so every behaviour is checked through the one pipeline either way. Shared by the handoff,
 * guardrail and hook suites.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Runner } from '../../src/index.js';
import type { Agent, RunInput, RunOptions, RunResult, StreamEvent } from '../../src/index.js';

export type Mode = 'blocking' | 'streamed';
export const MODES: readonly Mode[] = ['blocking', 'streamed'];

export interface ModeRun<C, O> {
  result: RunResult<C, O>;
  /** Stream events (empty for blocking runs). */
  events: StreamEvent[];
}

/** Run to completion in `mode`; a streamed run is read to its end. */
export async function runIn<C, O>(mode: Mode, agent: Agent<C, O>, input: RunInput<C>, options?: RunOptions<C>): Promise<ModeRun<C, O>> {
  if (mode === 'blocking') return { result: await Runner.run(agent, input, options), events: [] };
  const streamed = Runner.runStreamed(agent, input, options);
  const events: StreamEvent[] = [];
  for await (const event of streamed.streamEvents()) events.push(event);
  await streamed.completed;
  assert.equal(streamed.isComplete, true);
  return { result: streamed, events };
}

/**
 * Run a failing scenario in `mode` and return its error. For streamed runs the stream must
 * throw the same error as `completed`, after the events produced before the failure.
 */
export async function runFails<C, O>(mode: Mode, agent: Agent<C, O>, input: RunInput<C>, options?: RunOptions<C>): Promise<{ error: unknown; events: StreamEvent[] }> {
  if (mode === 'blocking') {
    try {
      await Runner.run(agent, input, options);
    } catch (error) {
      return { error, events: [] };
    }
    assert.fail('the run was expected to fail');
  }
  let streamed: ReturnType<typeof Runner.runStreamed<C, O>>;
  try {
    streamed = Runner.runStreamed(agent, input, options);
  } catch (error) {
    // Validation errors (bad options, name collisions) are thrown before a stream exists.
    return { error, events: [] };
  }
  const events: StreamEvent[] = [];
  let streamError: unknown;
  try {
    for await (const event of streamed.streamEvents()) events.push(event);
  } catch (error) {
    streamError = error;
  }
  assert.ok(streamError !== undefined, 'the stream was expected to throw');
  await assert.rejects(streamed.completed, (error) => error === streamError);
  return { error: streamError, events };
}

/** Compact labels for stream events, raw model events left out. */
export function eventLabels(events: readonly StreamEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'agent_updated_stream_event') out.push(`agent:${e.newAgent.name}`);
    else if (e.type === 'run_item_stream_event') out.push(e.name);
  }
  return out;
}

export interface Scenario {
  name: string;
  run(mode: Mode): Promise<void>;
}

/** Register every scenario once per mode, as `[mode] name`. */
export function runScenarios(scenarios: readonly Scenario[]): void {
  for (const mode of MODES) {
    for (const s of scenarios) test(`[${mode}] ${s.name}`, () => s.run(mode));
  }
}
