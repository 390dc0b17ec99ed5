// Processor calls are isolated so that tracing can never break or slow a run.

const reported = new WeakMap<object, Set<string>>();

/** Reports a processor failure once per (processor, method) so a broken processor cannot flood the log. */
export function reportProcessorError(target: object, method: string, error: unknown): void {
  let methods = reported.get(target);
  if (!methods) {
    methods = new Set();
    reported.set(target, methods);
  }
  if (methods.has(method)) return;
  methods.add(method);
  const name = target.constructor?.name && target.constructor.name !== 'Object' ? target.constructor.name : 'processor';
  const message = error instanceof Error ? error.message : String(error);
  console.warn(`[agentrun tracing] ${name}.${method} failed (further failures not reported): ${message}`);
}

/**
 * Calls `target[method](arg)`; a throw or a rejected promise is reported, never propagated.
 * Returns the promise (if any) so callers that want to wait can, but the run path does not.
 */
export function safeCall(target: object, method: string, arg?: unknown): Promise<void> | undefined {
  return safeInvoke(target, (target as Record<string, unknown>)[method], method, arg);
}

/**
 * `safeCall` with the method already read: the per-span path reads it by name (`p.onSpanEnd`),
 * since reading it by a variable key from four call sites makes V8's property cache megamorphic,
 * a global-cache probe (and at times a runtime lookup) on every span start and end.
 */
export function safeInvoke(target: object, fn: unknown, method: string, arg?: unknown): Promise<void> | undefined {
  if (typeof fn !== 'function') return undefined;
  try {
    const result: unknown = fn.call(target, arg);
    if (result !== null && typeof result === 'object' && typeof (result as Promise<void>).then === 'function') {
      return (result as Promise<void>).then(undefined, (error: unknown) => reportProcessorError(target, method, error));
    }
  } catch (error) {
    reportProcessorError(target, method, error);
  }
  return undefined;
}

/** Resolves `true` when `promise` settles within `timeoutMs`, `false` on timeout. Never rejects. */
export function settleWithin(promise: Promise<unknown> | undefined, timeoutMs: number): Promise<boolean> {
  if (!promise) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}
