/**
 * A session on a SQLite file: the conversation outlives the process. Each run loads the history
 * and saves its new items; a new SQLiteSession on the same file and id continues where it stopped.
 *   npx tsx examples/sqlite-session.ts [database file]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, Runner, SQLiteSession } from '../src/index.js';
import { textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';
import { userTexts } from './shared/request.js';

const dir = process.argv[2] === undefined ? mkdtempSync(join(tmpdir(), 'agentrun-example-')) : undefined;
const dbPath = process.argv[2] ?? join(dir!, 'conversations.db');

const agent = new Agent({ name: 'Shopping assistant', instructions: 'Keep track of the shopping list the user builds.' });

// Offline: a model that rebuilds the list from every user message it is sent.
const model = await exampleModel((body) => {
  const items = userTexts(body).flatMap((text) => /^add (.+)$/i.exec(text)?.[1]?.split(/, | and /) ?? []);
  return { output: [textMessage(`Your list: ${items.join(', ') || 'empty'}.`)] };
});

// "Process" one: two turns.
let session = new SQLiteSession('user-42', dbPath);
await Runner.run(agent, 'Add milk and eggs', { session, runConfig: model.runConfig });
const second = await Runner.run(agent, 'Add bread', { session, runConfig: model.runConfig });
console.log(second.finalOutput);
session.close();

// Later (another process, after a restart): the same id on the same file has the history.
session = new SQLiteSession('user-42', dbPath);
const third = await Runner.run(agent, 'Add coffee', { session, runConfig: model.runConfig });
console.log(third.finalOutput);
console.log(`stored items: ${(await session.getItems()).length}`);

// Undo the last exchange: pop the answer and the question.
await session.popItem();
await session.popItem();
console.log(`after undoing the last turn: ${(await session.getItems()).length}`);
session.close();

await model.close();
if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
