import type { RunResult } from '../run/run-result.js';
import type { Runner, RunInput, RunOptions } from '../run/runner.js';
import type { StepExecutor, StepKind } from '../run/steps/step-executor.js';
import type { StreamSink } from '../run/stream-events.js';
import type { AnyAgent } from './agent-graph.js';

/** The pipeline's step seam, as the DBOS executor implements it. */
export type SeamExecutor = StepExecutor;

/** What kind of step the seam runs (model call, tool call, guardrail, handoff, session I/O). */
export type SeamStepKind = StepKind;

/**
 * Run the ordinary pipeline with `steps` executing its steps and `sink` receiving its events as
 * they are made (the only place agentrun/dbos reaches into the runner's internals).
 */
export function runPipeline(options: {
  runner: Runner;
  agent: AnyAgent;
  input: RunInput<unknown>;
  runOptions: RunOptions<unknown>;
  steps: SeamExecutor;
  sink: StreamSink;
}): Promise<RunResult<unknown, unknown>> {
  return options.runner.runWith(options.agent, options.input, options.runOptions, { steps: options.steps, sink: options.sink });
}
