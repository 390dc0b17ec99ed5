/**
 * A snapshot of a run at the moment it failed, attached to the error as `.runData`: the run's
 * input, its new items, raw responses, last agent, context and guardrail results.
 *
 * Errors are leaves of the import graph (every module may raise them; they import nothing), so
 * the fields, whose types belong to the run, are declared where the run is, in
 * `src/run/run-error-data.ts`, by declaration merging into this interface.
 */
export interface RunErrorData {}
