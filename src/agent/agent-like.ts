/**
 * The view of an agent that callbacks and error data get. Structural and free of the context
 * type's variance, so guardrails and hooks written for `unknown` context fit any agent. At run
 * time it is always the `Agent` instance itself. (TContext documents intent only.)
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export interface AgentLike<TContext = unknown> {
  readonly name: string;
  readonly handoffDescription?: string;
}
