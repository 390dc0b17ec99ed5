/**
 * The one place agentrun patches Node internals: the `_onImmediate` property of the prototype of
 * Node's internal Immediate class (the object `setImmediate` returns). Used only by `Runner.runSync`
 * (run-sync-driver.ts), installed on its first drive, and active only while a drive is running.
 *
 * Why. runSync drives libuv from inside a JavaScript call (native/src/agentrun_sync.cc `runOnce`).
 * Node runs immediates from its check-phase handler, `Environment::CheckImmediate`, which calls
 * `processImmediate` and then `.ToLocalChecked()` on the result. At the top level an exception from
 * an immediate goes through Node's uncaught-exception path and the loop is never inside a JS call;
 * during a drive the exception leaves `processImmediate` with an empty result, and
 * `ToLocalChecked` aborts the process ("FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal"). Timers
 * and I/O callbacks have no such check. No public API lets us catch it: the throw must be caught
 * inside `processImmediate`, that is, in the callback itself.
 *
 * What. Every Immediate stores its callback in its own `_onImmediate` property, which
 * `processImmediate` reads. An accessor of that name on the prototype makes the store land under a
 * symbol and the read return, while a drive is running, a wrapper that hands a throw to the drive
 * (which then throws it from runSync) instead of letting it reach `CheckImmediate`.
 *
 * What breaks without it: a tool, hook or library callback whose `setImmediate` callback throws
 * during `Runner.runSync` kills the process with SIGABRT instead of failing the run.
 * test/run-sync/immediate-guard.test.ts checks both halves of Node's behaviour this relies on (the
 * Immediate's shape, and the abort without the guard), so a Node that changes either fails there.
 * On an unexpected shape (another Node version, frozen intrinsics) nothing is patched.
 */

/** Where a throw from an immediate goes while a drive runs; undefined: no drive, immediates untouched. */
let onThrow: ((error: unknown) => void) | undefined;

let installed = false;

/** Whether Node's Immediate has the shape this guard relies on: its own `_onImmediate`, none on the prototype. */
export function immediateShape(): { prototype: object; ownCallback: boolean; prototypeCallback: boolean } {
  const probe = setImmediate(() => {});
  clearImmediate(probe);
  const prototype = Object.getPrototypeOf(probe) as object;
  return {
    prototype,
    ownCallback: Object.prototype.hasOwnProperty.call(probe, '_onImmediate'),
    prototypeCallback: Object.prototype.hasOwnProperty.call(prototype, '_onImmediate'),
  };
}

/**
 * Install the accessor (once). Immediates created before it keep their own property and are not
 * covered. Returns whether the guard is in place.
 */
export function installImmediateGuard(): boolean {
  if (installed) return true;
  const { prototype, ownCallback, prototypeCallback } = immediateShape();
  // Another Node version's shape, or frozen intrinsics: run unguarded rather than guess.
  if (!ownCallback || prototypeCallback || !Object.isExtensible(prototype)) return false;
  const callback = Symbol('agentrun.onImmediate');
  type Holder = { [callback]?: unknown };
  Object.defineProperty(prototype, '_onImmediate', {
    configurable: true,
    get(this: Holder) {
      const fn = this[callback];
      const handler = onThrow;
      if (handler === undefined || typeof fn !== 'function') return fn;
      return function guarded(this: unknown, ...args: unknown[]) {
        try {
          return Reflect.apply(fn, this, args);
        } catch (error) {
          handler(error);
          return undefined;
        }
      };
    },
    set(this: Holder, value: unknown) {
      this[callback] = value;
    },
  });
  installed = true;
  return true;
}

/** While a drive runs: send immediates' throws to `handler`; `undefined` ends it. */
export function routeImmediateThrows(handler: ((error: unknown) => void) | undefined): void {
  onThrow = handler;
}
