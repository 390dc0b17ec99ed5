// The queue between a streamed run and its reader, on its own: order, end and error delivery,
// backpressure, one reader at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue } from '../../src/run/event-queue.js';
import { UserError } from '../../src/index.js';

test('events pushed before and while the reader waits arrive in order, then the end', async () => {
  const queue = new EventQueue<number>();
  queue.push(1);
  queue.push(2);
  const reader = queue.consume();
  assert.deepEqual(await reader.next(), { value: 1, done: false });
  assert.deepEqual(await reader.next(), { value: 2, done: false });
  const waiting = reader.next();
  queue.push(3); // handed to the waiting read
  queue.push(4); // buffered
  assert.deepEqual(await waiting, { value: 3, done: false });
  const last = reader.next();
  queue.close();
  assert.deepEqual(await last, { value: 4, done: false });
  assert.deepEqual(await reader.next(), { value: undefined, done: true });
  assert.deepEqual(await reader.next(), { value: undefined, done: true });
  assert.equal(queue.size, 0);
});

test('a failure is thrown once, after the buffered events, whether the reader waits or not', async () => {
  const boom = new Error('boom');
  const buffered = new EventQueue<string>();
  buffered.push('a');
  buffered.close(boom, true);
  const r1 = buffered.consume();
  assert.deepEqual(await r1.next(), { value: 'a', done: false });
  await assert.rejects(r1.next(), (e) => e === boom);
  assert.deepEqual(await r1.next(), { value: undefined, done: true });

  const waiting = new EventQueue<string>();
  const r2 = waiting.consume();
  const pending = r2.next();
  waiting.close(boom, true);
  await assert.rejects(pending, (e) => e === boom);
  assert.deepEqual(await r2.next(), { value: undefined, done: true });
});

test('backpressure: with a reader attached, push returns a promise past the high-water mark, released as the reader drains', async () => {
  const queue = new EventQueue<number>(4);
  const unread = new EventQueue<number>(4);
  for (let i = 0; i < 10; i++) assert.equal(unread.push(i), undefined, 'no reader: never pauses');

  const reader = queue.consume();
  const first = reader.next(); // attaches the reader
  queue.push(0);
  await first;
  for (let i = 1; i <= 4; i++) assert.equal(queue.push(i), undefined);
  const paused = queue.push(5);
  assert.ok(paused instanceof Promise, 'the fifth waiting event pauses the writer');
  let released = false;
  void paused.then(() => (released = true));
  await reader.next();
  await reader.next();
  await Promise.resolve();
  assert.equal(released, false, 'still above half the mark');
  await reader.next();
  await Promise.resolve();
  assert.equal(released, true, 'released at half the mark');
});

test('stopBackpressure releases a paused writer and stops pausing; return() detaches the reader and releases it too', async () => {
  const queue = new EventQueue<number>(1);
  const reader = queue.consume();
  const first = reader.next();
  queue.push(0);
  await first;
  queue.push(1);
  const paused = queue.push(2);
  assert.ok(paused instanceof Promise);
  queue.stopBackpressure();
  await paused;
  assert.equal(queue.push(3), undefined);

  const other = new EventQueue<number>(1);
  const r = other.consume();
  const f = r.next();
  other.push(0);
  await f;
  other.push(1);
  const p = other.push(2);
  assert.ok(p instanceof Promise);
  assert.deepEqual(await r.return!(), { value: undefined, done: true });
  await p;
  assert.equal(other.push(3), undefined, 'no reader attached any more');
});

test('one reader at a time; a later reader continues where an earlier one stopped', async () => {
  const queue = new EventQueue<number>();
  for (let i = 0; i < 4; i++) queue.push(i);
  const a = queue.consume();
  assert.deepEqual(await a.next(), { value: 0, done: false });
  await assert.rejects(queue.consume().next(), (e) => e instanceof UserError && /one reader at a time/.test(e.message));
  await a.return!();
  const b = queue.consume();
  queue.close();
  const rest: number[] = [];
  for await (const n of b) rest.push(n);
  assert.deepEqual(rest, [1, 2, 3]);
});

test('a second next() before the first settled is a UserError, not a lost event', async () => {
  const queue = new EventQueue<number>();
  const reader = queue.consume();
  const first = reader.next();
  await assert.rejects(reader.next(), (e) => e instanceof UserError && /previous next\(\) settled/.test(e.message));
  queue.push(7);
  assert.deepEqual(await first, { value: 7, done: false });
});

test('return() while a read waits ends that read; pushes after close are dropped', async () => {
  const queue = new EventQueue<number>();
  const reader = queue.consume();
  const waiting = reader.next();
  await reader.return!();
  assert.deepEqual(await waiting, { value: undefined, done: true });
  queue.close();
  queue.push(1);
  assert.equal(queue.size, 0);
});
