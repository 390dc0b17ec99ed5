import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentsException } from '../../src/errors/index.js';
import { SessionConnectionError, SessionCorruptError } from '../../src/sessions/errors.js';

test('SessionCorruptError is an AgentsException naming backend, session and detail', () => {
  const cause = new SyntaxError('Unexpected token');
  const err = new SessionCorruptError({ backend: 'RedisSession', sessionId: 'a "b"', detail: 'at 3: bad', cause });
  assert.ok(err instanceof AgentsException && err instanceof Error);
  assert.equal(err.name, 'SessionCorruptError');
  assert.equal(err.message, 'RedisSession: session "a \\"b\\"" holds a corrupt item (at 3: bad)');
  assert.equal(err.backend, 'RedisSession');
  assert.equal(err.sessionId, 'a "b"');
  assert.equal(err.cause, cause);
});

test('SessionConnectionError is an AgentsException naming backend and host', () => {
  const err = new SessionConnectionError({ backend: 'PostgresSession', host: 'db:5432', detail: 'connect ECONNREFUSED' });
  assert.ok(err instanceof AgentsException);
  assert.equal(err.name, 'SessionConnectionError');
  assert.equal(err.message, 'PostgresSession: cannot reach the database at db:5432: connect ECONNREFUSED');
  assert.equal(err.host, 'db:5432');
});
