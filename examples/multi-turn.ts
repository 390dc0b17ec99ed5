/**
 * A conversation over several runs: by hand with `result.toInputList()`, then with a session
 * that keeps the history for you.
 *   npx tsx examples/multi-turn.ts
 */
import { Agent, Runner, SQLiteSession, type AgentInputItem } from '../src/index.js';
import { textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';
import { userTexts } from './shared/request.js';

// Offline, a model that answers from the whole history it is sent (as a real one does).
const model = await exampleModel((body) => {
  const said = userTexts(body);
  const last = said.at(-1) ?? '';
  const history = said.join(' ');
  let answer = "I don't know.";
  if (/Golden Gate/.test(last)) answer = 'San Francisco';
  else if (/what state/i.test(last)) answer = /Golden Gate/.test(history) ? 'California' : 'Which place do you mean?';
  else if (/my name is (\w+)/i.test(last)) answer = `Nice to meet you, ${/my name is (\w+)/i.exec(last)![1]}!`;
  else if (/what's my name/i.test(last)) {
    const name = /my name is (\w+)/i.exec(history)?.[1];
    answer = name ? `Your name is ${name}.` : "You haven't told me your name.";
  }
  return { output: [textMessage(answer)] };
});

// 1. By hand: each run gets the previous run's items plus the new message.
const agent = new Agent({ name: 'Assistant', instructions: 'Reply very concisely.' });
let result = await Runner.run(agent, 'What city is the Golden Gate Bridge in?', { runConfig: model.runConfig });
console.log(result.finalOutput); // San Francisco

const newInput: AgentInputItem[] = [...result.toInputList(), { role: 'user', content: 'What state is it in?' }];
result = await Runner.run(agent, newInput, { runConfig: model.runConfig });
console.log(result.finalOutput); // California

// 2. With a session: the runner loads the history before the run and saves the new items after it.
const session = new SQLiteSession('conversation_123'); // ':memory:'; give a file path to keep it
const concise = new Agent({ name: 'Assistant', instructions: 'Be concise.' });
result = await Runner.run(concise, 'My name is Alice.', { session, runConfig: model.runConfig });
console.log(result.finalOutput); // Nice to meet you, Alice!
result = await Runner.run(concise, "What's my name?", { session, runConfig: model.runConfig });
console.log(result.finalOutput); // Your name is Alice.
console.log(`The session holds ${(await session.getItems()).length} items.`);

session.close();
await model.close();
