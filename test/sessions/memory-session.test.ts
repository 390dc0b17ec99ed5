import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemorySession } from '../../src/sessions/memory-session.js';
import { registerSessionContract } from './session-contract.js';

registerSessionContract({
  backend: 'MemorySession',
  title: 'MemorySession',
  open: (id) => new MemorySession(id),
  shared: false,
});

test('MemorySession without an id gets a distinct random id', () => {
  const a = new MemorySession();
  const b = new MemorySession();
  assert.match(a.sessionId, /^[0-9a-f-]{36}$/);
  assert.notEqual(a.sessionId, b.sessionId);
});

test('two MemorySession objects never share history, even with the same id', async () => {
  const a = new MemorySession('same');
  const b = new MemorySession('same');
  await a.addItems([{ role: 'user', content: 'only in a' }]);
  assert.deepEqual(await b.getItems(), []);
});

test('getItems returns a new array each time: changing it does not change the session', async () => {
  const s = new MemorySession();
  await s.addItems([{ role: 'user', content: 'x' }]);
  const got = await s.getItems();
  got.push({ role: 'user', content: 'added outside' });
  got.length = 0;
  assert.deepEqual(await s.getItems(), [{ role: 'user', content: 'x' }]);
});
