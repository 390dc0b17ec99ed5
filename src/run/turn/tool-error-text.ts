import type { RunContextWrapper } from '../../agent/run-context.js';
import type { ToolErrorFormatter, ToolErrorFormatterArgs } from '../run-config.js';
import { fromUser, then } from '../../utils/maybe-promise.js';
import type { MaybePromise } from '../../utils/types.js';

/** What the model is told for a call whose approval was rejected. */
export const REJECTED_TOOL_TEXT = 'Tool execution was not approved.';

/** What the model is told for a call to a tool the agent does not have (`toolNotFoundBehavior: 'return_error_to_model'`). */
export function toolNotFoundDefault(toolName: string): string {
  return `Tool '${toolName}' not found.`;
}

/**
 * The text sent to the model for a missing tool or a rejected approval: `RunConfig.toolErrorFormatter`'s
 * string, or the default message when there is no formatter or it returns undefined, a non-string
 * or throws (the Python SDK's fallback; a throw is reported on the console, not raised, so a broken
 * formatter cannot fail the run over an error message).
 */
export function toolErrorText<C>(
  formatter: ToolErrorFormatter<C> | undefined,
  args: Omit<ToolErrorFormatterArgs<C>, 'toolType' | 'runContext'>,
  runContext: RunContextWrapper<C>,
): MaybePromise<string> {
  if (!formatter) return args.defaultMessage;
  const fallback = (error: unknown): string => {
    const message = error instanceof Error ? error.message : String(error);
    console.warn(`[agentrun] toolErrorFormatter failed for tool '${args.toolName}' (${args.kind}); sending the default message: ${message}`);
    return args.defaultMessage;
  };
  let formatted: MaybePromise<unknown>;
  try {
    formatted = fromUser(formatter({ kind: args.kind, toolType: 'function', toolName: args.toolName, callId: args.callId, defaultMessage: args.defaultMessage, runContext }));
  } catch (error) {
    return fallback(error);
  }
  const pick = (value: unknown): string => (typeof value === 'string' ? value : args.defaultMessage);
  return formatted instanceof Promise ? formatted.then(pick, fallback) : then(formatted, pick);
}
