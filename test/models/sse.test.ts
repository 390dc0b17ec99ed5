import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { SseParser, iterateSse, type SseMessage } from '../../src/models/openai/sse.js';
import { FIXTURE_DIR, fixtureBytes } from './fixture-server.js';

const sseFixtures = readdirSync(FIXTURE_DIR).filter((name) => name.endsWith('.sse'));

function parseAll(chunks: Array<Uint8Array | string>): SseMessage[] {
  const parser = new SseParser();
  const out: SseMessage[] = [];
  for (const chunk of chunks) out.push(...parser.push(chunk));
  out.push(...parser.end());
  return out;
}

/** Expected events, derived independently: split on blank lines, read `event:` / `data:` lines. */
function expectedEvents(text: string): SseMessage[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data };
    });
}

// A tiny deterministic PRNG so failures reproduce.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('every fixture parses whole into the events its blank-line blocks hold', () => {
  assert.ok(sseFixtures.length >= 8);
  for (const name of sseFixtures) {
    const bytes = fixtureBytes(name);
    const events = parseAll([bytes]);
    assert.deepEqual(events, expectedEvents(bytes.toString('utf8')), name);
    for (const event of events) if (event.data !== '[DONE]') JSON.parse(event.data);
  }
});

test('one byte at a time gives the same events (splits inside UTF-8 characters too)', () => {
  for (const name of sseFixtures) {
    const bytes = fixtureBytes(name);
    const whole = parseAll([bytes]);
    const single: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i++) single.push(bytes.subarray(i, i + 1));
    assert.deepEqual(parseAll(single), whole, name);
  }
  // The gpt-5.5 fixture really has multi-byte characters (smart quotes) to split.
  const text = parseAll([fixtureBytes('responses-stream-reasoning-text-function-call.sse')]).map((e) => e.data).join('');
  assert.match(text, /[’“”]/);
});

test('random splits give the same events', () => {
  const random = rng(42);
  for (const name of sseFixtures) {
    const bytes = fixtureBytes(name);
    const whole = parseAll([bytes]);
    for (let round = 0; round < 20; round++) {
      const chunks: Uint8Array[] = [];
      let at = 0;
      while (at < bytes.length) {
        const size = 1 + Math.floor(random() * 300);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      assert.deepEqual(parseAll(chunks), whole, `${name} round ${round}`);
    }
  }
});

test('CRLF and lone CR line endings, also split between CR and LF', () => {
  const lf = 'event: a\ndata: 1\n\ndata: 2\n\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  const cr = lf.replace(/\n/g, '\r');
  const expected = [{ event: 'a', data: '1' }, { event: undefined, data: '2' }];
  assert.deepEqual(parseAll([crlf]), expected);
  assert.deepEqual(parseAll([cr]), expected);
  assert.deepEqual(parseAll(crlf.split('')), expected);
  assert.deepEqual(parseAll(['event: a\r', '\ndata: 1\r', '\n\r', '\ndata: 2\r\n\r\n']), expected);
});

test('comments, multi-line data, fields without a space, unknown fields', () => {
  const text = ': keep-alive\n\nid: 7\nretry: 100\nfoo: bar\nevent:x\ndata:line1\ndata: line2\ndata\n\n';
  assert.deepEqual(parseAll([text]), [{ event: 'x', data: 'line1\nline2\n' }]);
});

test('a block without data is not an event; an unterminated event at the end is dropped', () => {
  assert.deepEqual(parseAll(['event: ping\n\n']), []);
  assert.deepEqual(parseAll(['data: 1\n\ndata: {"cut']), [{ event: undefined, data: '1' }]);
  assert.deepEqual(parseAll(['data: 1\n\ndata: 2\n']), [{ event: undefined, data: '1' }]);
});

test('[DONE] is returned, marks done, and later input is ignored', () => {
  const parser = new SseParser();
  const events = parser.push('data: {"a":1}\n\ndata: [DONE]\n\ndata: {"late":1}\n\n');
  assert.deepEqual(events, [{ event: undefined, data: '{"a":1}' }, { event: undefined, data: '[DONE]' }]);
  assert.equal(parser.done, true);
  assert.deepEqual(parser.push('data: more\n\n'), []);
});

test('iterateSse reads an async byte source to its end, yielding events as they complete', async () => {
  const bytes = fixtureBytes('chat-stream-text.sse');
  let pulled = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += 97) {
      pulled++;
      yield bytes.subarray(i, i + 97);
    }
  }
  const events: SseMessage[] = [];
  for await (const event of iterateSse(source())) events.push(event);
  assert.deepEqual(events, parseAll([bytes]));
  assert.equal(events.at(-1)?.data, '[DONE]');
  assert.equal(pulled, Math.ceil(bytes.length / 97));
});
