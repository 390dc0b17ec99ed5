/**
 * The engine of `Runner.runSync`: settle a promise synchronously by driving Node's own event loop.
 *
 * The caller's tools, hooks and guardrails are async closures living on the caller's thread, so a
 * worker thread blocked on `Atomics.wait` could not run them. Instead, while the promise is pending,
 * we drain the nextTick and microtask queues (`process._tickCallback`) and then run one iteration of
 * the libuv loop through a tiny native addon (native/src/agentrun_sync.cc), until it settles.
 *
 * That is only sound in synchronous code that runs before the event loop starts (a CommonJS entry
 * script's top level). Elsewhere it is refused with a `UserError`:
 * - inside a promise job (after an `await`, in `.then`, at an ES module's top level): V8 does not
 *   re-enter its microtask checkpoint, so promise continuations would never run;
 * - inside an event-loop callback (timer, immediate, nextTick, I/O, events, a worker's script):
 *   libuv's `uv_run` is not re-entrant and Node aborts, e.g. when a later immediate runs nested;
 * - while another runSync is driving (e.g. from a tool of a synchronous run).
 */
import { executionAsyncId } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { UserError } from '../errors/index.js';
import { installImmediateGuard, routeImmediateThrows } from './immediate-guard.js';

/** What native/src/agentrun_sync.cc exports. */
interface SyncAddon {
  drain(tick: () => void): void;
  runOnce(): boolean;
  inMicrotask(): boolean;
  entryScript(): string;
}

/** Relative to this module: the same two levels below the package root from src/run and dist/run. */
const ADDON_PATH = '../../native/build/Release/agentrun_sync.node';

/**
 * Node's bootstrap scripts that run the entry script synchronously, before the event loop starts.
 * (`eval_stdin`, `repl` and `worker_thread` evaluate user code inside loop callbacks.)
 */
const SYNC_ENTRY_SCRIPTS = new Set(['node:internal/main/run_main_module', 'node:internal/main/eval_string']);

const USE_RUN = 'Use `await Runner.run(...)` there instead.';

let addon: SyncAddon | undefined;
let tick: (() => void) | undefined;
let driving = false;

function loadAddon(): SyncAddon {
  if (addon) return addon;
  const tickCallback = (process as unknown as { _tickCallback?: () => void })._tickCallback;
  if (typeof tickCallback !== 'function') {
    throw new UserError(`Runner.runSync is not supported on Node ${process.version} (process._tickCallback is missing). ${USE_RUN}`);
  }
  let loaded: SyncAddon;
  try {
    loaded = createRequire(import.meta.url)(ADDON_PATH) as SyncAddon;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(
      `Runner.runSync needs agentrun's native addon, which could not be loaded (${reason}). ` +
        'Build it with `npm rebuild agentrun` (node-gyp needs Python 3, make and a C++ compiler; ' +
        'if npm declined the install script, first `npm install-scripts approve agentrun`; rebuild ' +
        `after upgrading Node), or use \`await Runner.run(...)\`.`,
      { cause: error },
    );
  }
  installImmediateGuard(); // see immediate-guard.ts: a throwing immediate would abort the process during a drive
  tick = tickCallback;
  addon = loaded;
  return loaded;
}

function refuseUnsafeContext(native: SyncAddon): void {
  if (driving) {
    throw new UserError(
      'Runner.runSync cannot be called while another Runner.runSync is running ' +
        `(for example from a tool, hook or guardrail of a synchronous run). ${USE_RUN}`,
    );
  }
  if (native.inMicrotask()) {
    throw new UserError(
      'Runner.runSync cannot be called from inside a promise job (code after an `await`, a `.then()` ' +
        'callback, or the top level of an ES module, which Node evaluates as one): the promise ' +
        'continuations of the run could never execute. Use `await Runner.run(...)` instead ' +
        '(ES modules allow top-level await), or call runSync from CommonJS top-level code.',
    );
  }
  // Fast path: async id 1 is the entry script's own scope; every loop callback runs under another
  // id. Otherwise (e.g. 0 after Node reset the id stack for a handled uncaught exception) ask V8
  // which script the outermost frame belongs to.
  if (executionAsyncId() !== 1 && !SYNC_ENTRY_SCRIPTS.has(native.entryScript())) {
    throw new UserError(
      'Runner.runSync cannot be called from inside an event-loop callback (a timer, setImmediate, ' +
        'process.nextTick, I/O or event handler, or a worker thread): the event loop cannot be ' +
        're-entered safely there. runSync works in synchronous code that runs before the event loop ' +
        `starts, such as a CommonJS script's top level. ${USE_RUN}`,
    );
  }
}

const noop = (): void => {};

/**
 * Route uncaught exceptions (and unhandled rejections Node treats as such) to `onStray` for the
 * duration of a drive; returns the undo. An application's own capture callback keeps them.
 */
function captureStrayErrors(onStray: (error: unknown) => void): () => void {
  if (process.hasUncaughtExceptionCaptureCallback()) return noop;
  try {
    process.setUncaughtExceptionCaptureCallback(onStray);
    return () => process.setUncaughtExceptionCaptureCallback(null);
  } catch {
    // The domain module forbids capture callbacks; an 'uncaughtException' listener still sees them.
    process.on('uncaughtException', onStray);
    return () => process.removeListener('uncaughtException', onStray);
  }
}

/**
 * Run `start()` and block until its promise settles, driving Node's event loop meanwhile, then
 * return its value or throw its rejection (the original error object).
 *
 * An exception thrown by any other callback during the drive (a timer, I/O handler, nextTick,
 * immediate, or an unhandled rejection that Node would treat as fatal) is thrown from here too,
 * unless the process has its own `setUncaughtExceptionCaptureCallback` or `unhandledRejection`
 * listener. The work is then left unfinished; a `start` that declares the `signal` parameter
 * gets it aborted so it can stop (as on the never-settles error below).
 *
 * @param start - starts the async work; may take a signal aborted when the drive gives up on it.
 * @throws UserError when the native addon is missing, when called where the loop cannot be driven
 *   (inside a promise job, an event-loop callback, or another runSync), or when the promise can
 *   never settle because nothing is left on the event loop.
 */
export function runPromiseSync<T>(start: (signal: AbortSignal) => Promise<T>): T {
  const native = loadAddon();
  refuseUnsafeContext(native);
  const drainTicks = tick!;

  let settled = false;
  let failed = false;
  let value: unknown;
  let stray = false;
  let strayError: unknown;
  const onStray = (error: unknown): void => {
    if (stray) return;
    stray = true;
    strayError = error;
  };
  // Only for a start() that takes the signal: creating one costs a few microseconds.
  const controller = start.length > 0 ? new AbortController() : undefined;
  const releaseCapture = captureStrayErrors(onStray);
  driving = true;
  routeImmediateThrows(onStray);
  try {
    const started = controller ? start(controller.signal) : (start as () => Promise<T>)();
    Promise.resolve(started).then(
      (result) => {
        settled = true;
        value = result;
      },
      (error: unknown) => {
        settled = failed = true;
        value = error;
      },
    );
    for (;;) {
      native.drain(drainTicks);
      if (settled || stray) break;
      if (native.runOnce()) continue;
      // The loop had nothing to do; the drain may still have queued work (or settled the promise).
      native.drain(drainTicks);
      if (settled || stray) break;
      if (!native.runOnce()) {
        const error = new UserError(
          'Runner.runSync: the run can never finish: it awaits a promise that nothing can settle ' +
            '(no timers, I/O or other pending work remain on the event loop).',
        );
        controller?.abort(error);
        throw error;
      }
    }
  } finally {
    driving = false;
    routeImmediateThrows(undefined);
    releaseCapture();
  }
  if (stray) {
    if (!settled) controller?.abort(strayError);
    throw strayError;
  }
  if (failed) throw value;
  return value as T;
}
