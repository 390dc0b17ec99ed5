/**
 * The smallest agent: instructions and one input, run to a final output.
 *   npx tsx examples/hello-haiku.ts
 */
import { Agent, Runner } from '../src/index.js';
import { textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';

const agent = new Agent({ name: 'Assistant', instructions: 'You are a helpful assistant' });

// Offline, this script stands in for the model.
const model = await exampleModel(() => ({
  output: [textMessage("Code within the code,\nFunctions calling themselves,\nInfinite loop's dance.")],
}));

const result = await Runner.run(agent, 'Write a haiku about recursion in programming.', { runConfig: model.runConfig });
console.log(result.finalOutput);

await model.close();
