/**
 * `callModelInputFilter` changes what the model is sent on each call, not what the run keeps:
 * here it trims a long conversation to its last 10 items.
 *   npx tsx examples/call-model-input-filter.ts
 */
import { Agent, Runner, type AgentInputItem, type CallModelData, type ModelInputData } from '../src/index.js';
import { textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';
import { inputItems } from './shared/request.js';

function trimHistory({ modelData }: CallModelData): ModelInputData {
  const items = modelData.input.length > 10 ? modelData.input.slice(-10) : modelData.input;
  console.log(`filter: sending ${items.length} of ${modelData.input.length} items`);
  return { input: items, instructions: modelData.instructions };
}

// A long conversation: 12 earlier exchanges, then the question.
const longConversation: AgentInputItem[] = [];
for (let i = 1; i <= 12; i++) {
  longConversation.push({ role: 'user', content: `Note ${i}: remember the number ${i * 7}.` });
  longConversation.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Noted ${i}.` }] });
}
longConversation.push({ role: 'user', content: 'Which notes can you still see?' });

const agent = new Agent({ name: 'Assistant', instructions: 'Answer from the notes you can see.' });

// Offline, the model reports which notes reached it.
const model = await exampleModel((body) => {
  const seen = inputItems(body).map((item) => /Note (\d+)/.exec(JSON.stringify(item.content))?.[1]).filter((n) => n !== undefined);
  return { output: [textMessage(`I can see notes ${seen.join(', ')}.`)] };
});

const result = await Runner.run(agent, longConversation, { runConfig: { ...model.runConfig, callModelInputFilter: trimHistory } });
console.log(result.finalOutput);
console.log(`The run still holds all ${result.toInputList().length} items.`);

await model.close();
