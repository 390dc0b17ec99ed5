// LazyAbort: a run's cancellation whose AbortSignal is made only when read, yet always agrees with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyAbort } from '../../src/utils/lazy-abort.js';
import { watchAbort } from '../../src/utils/abort-watch.js';

test('a signal made before the abort aborts with it, with the same reason', () => {
  const abort = new LazyAbort();
  const signal = abort.signal;
  assert.equal(signal.aborted, false);
  assert.equal(abort.signal, signal, 'one signal per run');
  const reason = new Error('stop');
  abort.abort(reason);
  assert.equal(signal.aborted, true);
  assert.equal(signal.reason, reason);
  assert.equal(abort.reason, reason);
});

test('a signal first read after the abort is already aborted', () => {
  const abort = new LazyAbort();
  abort.abort('late');
  assert.equal(abort.signal.aborted, true);
  assert.equal(abort.signal.reason, 'late');
  assert.throws(() => abort.throwIfAborted(), (e) => e === 'late');
});

test('callbacks run once, after signal listeners; detached ones do not run; a second abort changes nothing', () => {
  const abort = new LazyAbort();
  const order: string[] = [];
  abort.signal.addEventListener('abort', () => order.push('listener'));
  abort.onAbort(() => order.push('callback'));
  const detach = abort.onAbort(() => order.push('detached'));
  detach();
  // A watcher of the run's signal goes to the run's callbacks: no event listener is added for it.
  watchAbort(abort.signal, () => order.push('watcher'));
  abort.abort(1);
  abort.abort(2);
  assert.deepEqual(order, ['listener', 'callback', 'watcher']);
  assert.equal(abort.reason, 1);
});

test('abort() without a reason gives an AbortError DOMException, as AbortController does', () => {
  const abort = new LazyAbort();
  abort.abort();
  assert.ok(abort.reason instanceof DOMException);
  assert.equal((abort.reason as DOMException).name, 'AbortError');
});

test('callbacks run in the order added; one detached by an earlier one during the abort does not run', () => {
  const abort = new LazyAbort();
  const calls: string[] = [];
  const detachA = abort.onAbort(() => calls.push('a'));
  let detachC = (): void => {};
  abort.onAbort(() => {
    calls.push('b');
    detachC();
  });
  detachC = abort.onAbort(() => calls.push('c'));
  abort.onAbort(() => calls.push('d'));
  const detachE = abort.onAbort(() => calls.push('e'));
  detachA(); // from the front
  detachE(); // the newest
  abort.abort(new Error('stop'));
  assert.deepEqual(calls, ['b', 'd']);
});
