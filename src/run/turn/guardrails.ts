import type { InputGuardrail, InputGuardrailResult, OutputGuardrail, OutputGuardrailResult } from '../../guardrails/types.js';
import { InputGuardrailTripwireTriggered, OutputGuardrailTripwireTriggered, UserError } from '../../errors/index.js';
import type { RunEnv } from '../run-env.js';
import type { RunState } from '../run-state.js';

/**
 * Run a set of guardrails concurrently. Results are recorded in completion order; the first
 * tripwire rejects at once and later results are ignored (the siblings are not waited for).
 * The siblings' spans end at that moment too, so no span outlives the run's trace.
 */
function runSet<R extends InputGuardrailResult>(options: {
  env: RunEnv<unknown>;
  names: string[];
  run: (index: number) => Promise<R>;
  record: (result: R) => void;
  trip: (result: R) => Error;
}): Promise<void> {
  const { env, names, run, record, trip } = options;
  if (names.length === 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let remaining = names.length;
    let done = false;
    const spans = names.map((name) => env.tracing.guardrail(name));
    const stop = (error: unknown): void => {
      done = true;
      for (const span of spans) span.end(); // no-op for the ones already ended
      reject(error);
    };
    spans.forEach((span, i) => {
      run(i).then(
        (result) => {
          if (done) return;
          if (span.recording) span.spanData.triggered = result.output.tripwireTriggered;
          span.end();
          record(result);
          if (result.output.tripwireTriggered) stop(trip(result));
          else if (--remaining === 0) {
            done = true;
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

function checkOutput(value: unknown, name: string): { outputInfo?: unknown; tripwireTriggered: boolean } {
  if (typeof value !== 'object' || value === null || typeof (value as { tripwireTriggered?: unknown }).tripwireTriggered !== 'boolean') {
    throw new UserError(`Guardrail '${name}' must return { tripwireTriggered: boolean, outputInfo? }`);
  }
  return value as { outputInfo?: unknown; tripwireTriggered: boolean };
}

/** Run input guardrails against the run's input. */
export function runInputGuardrails<C>(state: RunState<C>, env: RunEnv<C>, guardrails: InputGuardrail<C>[]): Promise<void> {
  return runSet<InputGuardrailResult>({
    env: env as RunEnv<unknown>,
    names: guardrails.map((g) => g.name),
    run: async (i) => {
      const g = guardrails[i]!;
      const output = checkOutput(await g.execute(state.context, state.currentAgent, state.originalInput), g.name);
      return { guardrail: { name: g.name }, output };
    },
    record: (r) => state.inputGuardrailResults.push(r),
    trip: (r) => new InputGuardrailTripwireTriggered(r),
  });
}

/** Run the final agent's and the run's output guardrails on the final output. */
export function runOutputGuardrails<C>(state: RunState<C>, env: RunEnv<C>, output: unknown): Promise<void> {
  const agent = state.currentAgent;
  const guardrails: OutputGuardrail<C>[] = [...agent.outputGuardrails, ...(env.config.outputGuardrails ?? [])];
  return runSet<OutputGuardrailResult>({
    env: env as RunEnv<unknown>,
    names: guardrails.map((g) => g.name),
    run: async (i) => {
      const g = guardrails[i]!;
      const result = checkOutput(await g.execute(state.context, agent, output), g.name);
      return { guardrail: { name: g.name }, output: result, agent, agentOutput: output };
    },
    record: (r) => state.outputGuardrailResults.push(r),
    trip: (r) => new OutputGuardrailTripwireTriggered(r),
  });
}
