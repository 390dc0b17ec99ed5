/**
 * The one behaviour table every Session backend must pass. Each backend's test file describes
 * how to open sessions on its storage (a `ContractTarget`) and calls `registerSessionContract`.
 */
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import { UserError } from '../../src/errors/index.js';
import type { AgentInputItem } from '../../src/items/types.js';
import { SessionCorruptError } from '../../src/sessions/errors.js';
import type { Session } from '../../src/sessions/session.js';
import { skipUnlessRequired } from './services.js';

export interface ContractTarget {
  /** Backend class name, as it appears in error messages. */
  backend: string;
  /** Suite title (e.g. "SQLiteSession (file)"). */
  title: string;
  /** A reason to skip the suite (service unreachable), or undefined when usable. Called once. */
  unavailable?: () => Promise<string | undefined>;
  /** Open a session on the primary client. Throws (sync or async) on a bad id. */
  open(sessionId: string): Session | Promise<Session>;
  /** True when two `open` calls with one id share storage (false for MemorySession). */
  shared: boolean;
  /** Open the same session through a different client / connection / process. */
  openOther?: (sessionId: string) => Promise<Session>;
  /** Store raw text for a session, bypassing validation (for corruption cases). */
  injectRaw?: (sessionId: string, raw: string) => Promise<void>;
  /** Raw stored values the backend must report as corrupt. */
  corruptSamples?: string[];
  /** An item that passes validation but that the storage itself refuses (mid-batch failure). */
  poisonItem?: () => Promise<AgentInputItem>;
  /** Close a session's resources (if it has any). */
  closeSession?: (session: Session) => void | Promise<void>;
  /** Drop everything the suite created. */
  teardown?: () => Promise<void>;
}

const user = (content: string): AgentInputItem => ({ role: 'user', content });

/** A realistic turn: message, tool call, tool output, with unicode and nested content. */
function turn(tag: string): AgentInputItem[] {
  return [
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `${tag} héllo 🚀 "q" \\ \n` }] },
    { type: 'function_call', call_id: `call_${tag}`, name: 'lookup', arguments: JSON.stringify({ q: tag, n: [1, 2] }) },
    { type: 'function_call_output', call_id: `call_${tag}`, output: `{"result":"${tag}"}` },
  ];
}

const ODD_IDS = [
  `quote's "double"`,
  ' spaced id ',
  'ünïcødé 🚀 日本語',
  'a:b:c',
  'a:b',
  '100%',
  '%s%d',
  `'; DROP TABLE agent_messages; --`,
  '*',
  'x\\y\n\tz',
];

let runCounter = 0;

/** Register the contract cases for `target` under a `describe` block. */
export function registerSessionContract(target: ContractTarget): void {
  // Unique per suite run, so parallel runs and leftovers from earlier runs never collide.
  const runTag = `${process.pid}-${Date.now().toString(36)}-${runCounter++}`;
  const sid = (name: string): string => `${name}-${runTag}`;
  let availability: Promise<string | undefined> | undefined;
  const opened: Session[] = [];

  async function open(sessionId: string): Promise<Session> {
    const session = await target.open(sessionId);
    opened.push(session);
    return session;
  }
  async function openOther(sessionId: string): Promise<Session> {
    const session = await target.openOther!(sessionId);
    opened.push(session);
    return session;
  }

  /** Runs a case unless the backend is unavailable (then skip, or fail when services are required). */
  function contractCase(name: string, fn: (t: TestContext) => Promise<void>, when = true): void {
    if (!when) return;
    it(name, async (t) => {
      availability ??= target.unavailable ? target.unavailable() : Promise.resolve(undefined);
      const reason = await availability;
      if (reason !== undefined) return skipUnlessRequired(t, reason);
      await fn(t);
    });
  }

  describe(`Session contract: ${target.title}`, () => {
    after(async () => {
      for (const s of opened) await target.closeSession?.(s);
      if (availability !== undefined && (await availability) === undefined) await target.teardown?.();
    });

    contractCase('addItems then getItems returns every item, in order, deep-equal', async () => {
      const s = await open(sid('roundtrip'));
      const items = [user('first'), ...turn('a'), user('last')];
      await s.addItems(items);
      assert.deepEqual(await s.getItems(), items);
      assert.equal(s.sessionId, sid('roundtrip'));
    });

    contractCase('a new session has no items and popItem returns undefined', async () => {
      const s = await open(sid('empty'));
      assert.deepEqual(await s.getItems(), []);
      assert.deepEqual(await s.getItems(3), []);
      assert.equal(await s.popItem(), undefined);
    });

    contractCase('getItems(limit) returns the newest N, oldest first', async () => {
      const s = await open(sid('limit'));
      const items = ['1', '2', '3', '4', '5'].map(user);
      await s.addItems(items.slice(0, 2));
      await s.addItems(items.slice(2));
      assert.deepEqual(await s.getItems(2), items.slice(3));
      assert.deepEqual(await s.getItems(1), items.slice(4));
      assert.deepEqual(await s.getItems(5), items);
      assert.deepEqual(await s.getItems(50), items);
      assert.deepEqual(await s.getItems(0), []);
    });

    contractCase('getItems rejects a negative, fractional or non-numeric limit with UserError', async () => {
      const s = await open(sid('badlimit'));
      for (const bad of [-1, 1.5, Number.NaN, '2']) {
        await assert.rejects(s.getItems(bad as number), (err: unknown) => {
          assert.ok(err instanceof UserError);
          assert.match(err.message, /limit/);
          return true;
        });
      }
    });

    contractCase('popItem removes and returns the newest item', async () => {
      const s = await open(sid('pop'));
      await s.addItems(['a', 'b', 'c'].map(user));
      assert.deepEqual(await s.popItem(), user('c'));
      assert.deepEqual(await s.popItem(), user('b'));
      assert.deepEqual(await s.getItems(), [user('a')]);
      await s.addItems([user('d')]);
      assert.deepEqual(await s.getItems(), [user('a'), user('d')]);
      assert.deepEqual(await s.popItem(), user('d'));
      assert.deepEqual(await s.popItem(), user('a'));
      assert.equal(await s.popItem(), undefined);
    });

    contractCase('clearSession empties the session, which stays usable', async () => {
      const s = await open(sid('clear'));
      await s.addItems(turn('x'));
      await s.clearSession();
      assert.deepEqual(await s.getItems(), []);
      await s.clearSession(); // clearing an empty session is fine
      await s.addItems([user('again')]);
      assert.deepEqual(await s.getItems(), [user('again')]);
    });

    contractCase('addItems([]) is a no-op', async () => {
      const s = await open(sid('noop'));
      await s.addItems([]);
      assert.deepEqual(await s.getItems(), []);
    });

    contractCase('a large batch (25,000 items) lands whole and in order', async () => {
      const s = await open(sid('large'));
      const items = Array.from({ length: 25_000 }, (_, i) => user(`item ${i}`));
      await s.addItems([user('head')]);
      await s.addItems(items);
      const got = await s.getItems();
      assert.equal(got.length, 25_001);
      assert.deepEqual(got[0], user('head'));
      assert.deepEqual(got.slice(1), items);
      assert.deepEqual(await s.getItems(2), items.slice(-2));
      await s.clearSession();
    });

    contractCase('sessions with different ids are isolated, including prefix-like ids', async () => {
      const ids = [sid('iso'), `${sid('iso')}:items`, `${sid('iso')}:`, `${sid('iso')}%`, `${sid('iso')} `];
      const sessions = await Promise.all(ids.map((id) => open(id)));
      await Promise.all(sessions.map((s, i) => s.addItems([user(`only ${i}`)])));
      for (let i = 0; i < ids.length; i++) assert.deepEqual(await sessions[i]!.getItems(), [user(`only ${i}`)]);
      await sessions[0]!.clearSession();
      assert.deepEqual(await sessions[0]!.getItems(), []);
      assert.deepEqual(await sessions[1]!.getItems(), [user('only 1')]);
      assert.deepEqual(await sessions[2]!.popItem(), user('only 2'));
      assert.deepEqual(await sessions[3]!.getItems(), [user('only 3')]);
    });

    contractCase('odd session ids (quotes, spaces, unicode, :, %, SQL) round-trip and stay distinct', async () => {
      const ids = ODD_IDS.map((id) => `${id}${runTag}`);
      const sessions = await Promise.all(ids.map((id) => open(id)));
      await Promise.all(sessions.map((s, i) => s.addItems([user(ids[i]!)])));
      for (let i = 0; i < ids.length; i++) {
        assert.equal(sessions[i]!.sessionId, ids[i]);
        assert.deepEqual(await sessions[i]!.getItems(), [user(ids[i]!)]);
        if (target.shared) assert.deepEqual(await (await open(ids[i]!)).getItems(), [user(ids[i]!)]);
      }
      for (const s of sessions) await s.clearSession();
    });

    contractCase('an empty, non-string or NUL-containing sessionId is a UserError', async () => {
      for (const bad of ['', 42, undefined, null, 'a\0b', '\uD800x']) {
        if (bad === undefined && target.backend === 'MemorySession') continue; // random id by design
        await assert.rejects(
          (async () => target.open(bad as string))(),
          (err: unknown) => err instanceof UserError && /sessionId/.test(err.message),
          `sessionId ${JSON.stringify(bad)} should be refused`,
        );
      }
    });

    contractCase('invalid items are a UserError and nothing is written', async () => {
      const s = await open(sid('invalid'));
      await s.addItems([user('kept')]);
      const bads: unknown[] = [
        [user('x'), null],
        [user('x'), 'text'],
        [user('x'), [1, 2]],
        [user('x'), { content: 'no type or role' }],
        [user('x'), { role: 7 }],
        user('not an array'),
      ];
      for (const bad of bads) {
        await assert.rejects(s.addItems(bad as AgentInputItem[]), (err: unknown) => {
          assert.ok(err instanceof UserError, String(err));
          assert.match(err.message, new RegExp(target.backend));
          return true;
        });
      }
      assert.deepEqual(await s.getItems(), [user('kept')]);
    });

    contractCase(
      'a batch the storage refuses midway leaves nothing behind (all or nothing)',
      async () => {
        const s = await open(sid('atomic'));
        await s.addItems([user('before')]);
        const poison = await target.poisonItem!();
        await assert.rejects(s.addItems([user('a'), user('b'), poison, user('c')]));
        assert.deepEqual(await s.getItems(), [user('before')]);
      },
      target.poisonItem !== undefined,
    );

    contractCase('100 concurrent writers: all 300 items land, each turn contiguous and in order', async () => {
      const id = sid('concurrent');
      const handles = [await open(id)];
      if (target.shared) handles.push(await open(id));
      if (target.openOther) handles.push(await openOther(id));
      const writers = Array.from({ length: 100 }, (_, w) =>
        handles[w % handles.length]!.addItems([user(`w${w}:0`), user(`w${w}:1`), user(`w${w}:2`)]),
      );
      await Promise.all(writers);
      const items = await handles[0]!.getItems();
      assert.equal(items.length, 300);
      const seen = new Set<string>();
      for (let i = 0; i < 300; i += 3) {
        const w = (items[i] as { content: string }).content.split(':')[0]!;
        assert.ok(!seen.has(w), `writer ${w} appears twice`);
        seen.add(w);
        assert.deepEqual(items.slice(i, i + 3), [user(`${w}:0`), user(`${w}:1`), user(`${w}:2`)]);
      }
      assert.equal(seen.size, 100);
      // Every client sees the same order.
      for (const h of handles.slice(1)) assert.deepEqual(await h.getItems(), items);
    });

    contractCase(
      'order is the same when read through a second client',
      async () => {
        const id = sid('second');
        const a = await open(id);
        const b = await openOther(id);
        await a.addItems(turn('from-a'));
        await b.addItems(turn('from-b'));
        await a.addItems([user('tail')]);
        const expected = [...turn('from-a'), ...turn('from-b'), user('tail')];
        assert.deepEqual(await b.getItems(), expected);
        assert.deepEqual(await a.getItems(), expected);
        assert.deepEqual(await b.getItems(2), expected.slice(-2));
        assert.deepEqual(await b.popItem(), user('tail'));
        assert.deepEqual(await a.getItems(), expected.slice(0, -1));
      },
      target.openOther !== undefined,
    );

    contractCase('concurrent popItem calls each take a different item', async () => {
      const id = sid('pops');
      const handles = [await open(id)];
      if (target.shared) handles.push(await open(id));
      if (target.openOther) handles.push(await openOther(id));
      const items = Array.from({ length: 20 }, (_, i) => user(`p${i}`));
      await handles[0]!.addItems(items);
      const popped = await Promise.all(items.map((_, i) => handles[i % handles.length]!.popItem()));
      const texts = popped.map((p) => (p as { content: string } | undefined)?.content).sort();
      assert.deepEqual(texts, items.map((i) => (i as { content: string }).content).sort());
      assert.deepEqual(await handles[0]!.getItems(), []);
    });

    contractCase(
      'a corrupt stored item is a SessionCorruptError naming the backend and session',
      async () => {
        for (const [n, raw] of (target.corruptSamples ?? []).entries()) {
          const id = `${sid('corrupt')} #${n}`;
          const s = await open(id);
          await s.addItems([user('good')]);
          await target.injectRaw!(id, raw);
          // popItem last: it removes the bad item as it reports it.
          for (const read of [() => s.getItems(), () => s.getItems(1), () => s.popItem()]) {
            await assert.rejects(read(), (err: unknown) => {
              assert.ok(err instanceof SessionCorruptError, `${String(err)} for ${JSON.stringify(raw)}`);
              assert.equal(err.backend, target.backend);
              assert.equal(err.sessionId, id);
              assert.ok(err.message.includes(target.backend) && err.message.includes(JSON.stringify(id)), err.message);
              return true;
            });
          }
        }
      },
      target.injectRaw !== undefined,
    );
  });
}
