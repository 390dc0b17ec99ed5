/**
 * Streaming: print the answer token by token as it arrives, and the run's items and agent
 * changes as they happen.
 *   npx tsx examples/streaming.ts
 */
import { Agent, Runner } from '../src/index.js';
import { textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';

const agent = new Agent({ name: 'Storyteller', instructions: 'Tell short stories.' });

const model = await exampleModel(
  () => ({ output: [textMessage('Unit 7 swept the empty station every night. One night it found a flower growing through the tiles, and it swept around it ever after.')] }),
  { eventDelayMs: 5 },
);

const result = Runner.runStreamed(agent, 'Tell me a story about a robot.', { runConfig: model.runConfig });
let deltas = 0;
for await (const event of result.streamEvents()) {
  if (event.type === 'raw_response_event') {
    // Responses API events; text arrives as response.output_text.delta.
    if (event.data.type === 'response.output_text.delta') {
      process.stdout.write(String(event.data.delta));
      deltas += 1;
    }
  } else if (event.type === 'run_item_stream_event') {
    console.log(`\n[Event: ${event.name}, ${event.item.type}]`);
  } else if (event.type === 'agent_updated_stream_event') {
    console.log(`[Agent: ${event.newAgent.name}]`);
  }
}
console.log(`${deltas > 1 ? 'Streamed in several deltas' : 'Streamed in one delta'}; final output ${result.finalOutput === undefined ? 'missing' : 'ready'}.`);

await model.close();
