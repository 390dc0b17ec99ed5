import type { InputGuardrail, InputGuardrailResult, OutputGuardrail, OutputGuardrailResult } from '../../guardrails/types.js';
import { UserError } from '../../errors/index.js';
import { InputGuardrailTripwireTriggered, OutputGuardrailTripwireTriggered } from '../../guardrails/tripwire-errors.js';
import type { RunEnv } from '../run-env.js';
import type { Span } from '../../tracing/types.js';
import { turnStep, type Turn } from './turn.js';

type GuardrailOutput = { outputInfo?: unknown; tripwireTriggered: boolean };

/**
 * Run a set of guardrails concurrently. Results are recorded in completion order; the first
 * tripwire rejects at once and later results are ignored (the siblings are not waited for).
 * The siblings' spans end at that moment too, so no span outlives the run's trace. An abort of
 * `signal` stops the set the same way, with the abort reason.
 */
function runSet<R extends InputGuardrailResult>(options: {
  env: RunEnv<unknown>;
  names: string[];
  /** Runs guardrail `index`; `span` is its span, current while the guardrail runs. */
  run: (index: number, span: Span) => Promise<R>;
  record: (result: R) => void;
  trip: (result: R) => Error;
  signal?: AbortSignal;
}): Promise<void> {
  const { env, names, run, record, trip, signal } = options;
  if (names.length === 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let remaining = names.length;
    let done = false;
    const spans = names.map((name) => env.tracing.guardrail(name));
    const onAbort = (): void => {
      if (!done) stop(signal!.reason);
    };
    const stop = (error: unknown): void => {
      done = true;
      signal?.removeEventListener('abort', onAbort);
      for (const span of spans) span.end(); // no-op for the ones already ended
      reject(error);
    };
    if (signal?.aborted) return stop(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    spans.forEach((span, i) => {
      run(i, span).then(
        (result) => {
          if (done) return;
          if (span.recording) span.spanData.triggered = result.output.tripwireTriggered;
          span.end();
          record(result);
          if (result.output.tripwireTriggered) stop(trip(result));
          else if (--remaining === 0) {
            done = true;
            signal?.removeEventListener('abort', onAbort);
            resolve();
          }
        },
        (error) => {
          if (done) return;
          env.tracing.fail(span, error);
          stop(error);
        },
      );
    });
  });
}

function checkOutput(value: unknown, name: string): GuardrailOutput {
  if (typeof value !== 'object' || value === null || typeof (value as { tripwireTriggered?: unknown }).tripwireTriggered !== 'boolean') {
    throw new UserError(`Guardrail '${name}' must return { tripwireTriggered: boolean, outputInfo? }`);
  }
  return value as GuardrailOutput;
}

/**
 * Run input guardrails against the run's input; an abort of `signal` stops waiting for them.
 * Each guardrail is a step `input_guardrail:<i>:<name>`, `i` counting from `firstIndex`.
 */
export function runInputGuardrails<C>(turn: Turn<C>, guardrails: InputGuardrail<C>[], signal?: AbortSignal, firstIndex = 0): Promise<void> {
  const { state, env } = turn;
  return runSet<InputGuardrailResult>({
    env: env as RunEnv<unknown>,
    names: guardrails.map((g) => g.name),
    run: async (i, span) => {
      const g = guardrails[i]!;
      const output = await turnStep(turn, 'input_guardrail', `${firstIndex + i}:${g.name}`, async (): Promise<GuardrailOutput> =>
        checkOutput(await env.tracing.inScope(() => g.execute(state.context, state.currentAgent, state.originalInput), span, g), g.name),
      );
      return { guardrail: { name: g.name }, output };
    },
    record: (r) => state.inputGuardrailResults.push(r),
    trip: (r) => new InputGuardrailTripwireTriggered(r),
    signal,
  });
}

/** Run the final agent's and the run's output guardrails on the final output; each is a step `output_guardrail:<i>:<name>`. */
export function runOutputGuardrails<C>(turn: Turn<C>, output: unknown): Promise<void> | undefined {
  const { state, env } = turn;
  const agent = state.currentAgent;
  const runLevel = env.config.outputGuardrails;
  if (agent.outputGuardrails.length === 0 && (runLevel === undefined || runLevel.length === 0)) return undefined; // nothing to wait for
  const guardrails: OutputGuardrail<C>[] = [...agent.outputGuardrails, ...(runLevel ?? [])];
  return runSet<OutputGuardrailResult>({
    env: env as RunEnv<unknown>,
    names: guardrails.map((g) => g.name),
    run: async (i, span) => {
      const g = guardrails[i]!;
      const result = await turnStep(turn, 'output_guardrail', `${i}:${g.name}`, async (): Promise<GuardrailOutput> =>
        checkOutput(await env.tracing.inScope(() => g.execute(state.context, agent, output), span, g), g.name),
      );
      return { guardrail: { name: g.name }, output: result, agent, agentOutput: output };
    },
    record: (r) => state.outputGuardrailResults.push(r),
    trip: (r) => new OutputGuardrailTripwireTriggered(r),
    signal: env.abort.signal,
  });
}
