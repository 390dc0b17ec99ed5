import type { SpanError } from './types.js';

/**
 * How much a run puts into its spans. When `includeSensitiveData` is false the runner leaves out model
 * and tool inputs/outputs and error details (RunConfig `traceIncludeSensitiveData`).
 */
export interface TracingOptions {
  includeSensitiveData: boolean;
}

/** The text that replaces an error message when sensitive data is excluded. */
export const REDACTED_ERROR_MESSAGE = '[redacted: traceIncludeSensitiveData is false]';

/** `message` itself, or a fixed placeholder when sensitive data must not reach traces. */
export function redactError(message: string, includeSensitiveData: boolean): string {
  return includeSensitiveData ? message : REDACTED_ERROR_MESSAGE;
}

/**
 * A span error for a thrown value. The error's class name is kept either way (it names the kind of
 * failure, not the data); the message only when `includeSensitiveData` is true.
 */
export function toSpanError(error: unknown, includeSensitiveData: boolean): SpanError {
  const type = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return { message: `${type}: ${redactError(message, includeSensitiveData)}`, data: { type } };
}
