/**
 * A function tool: the model calls get_temperature, the loop runs it and calls the model again.
 *   npx tsx examples/weather-tool.ts
 */
import { z } from 'zod';
import { Agent, Runner, tool } from '../src/index.js';
import { functionCall, textMessage } from '../src/testing/index.js';
import { exampleModel } from './shared/example-model.js';
import { lastUserText, toolOutputsSinceUser } from './shared/request.js';

const getTemperature = tool({
  name: 'get_temperature',
  description: 'Get the current temperature for a city.',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `72°F in ${city}`,
});

const agent = new Agent({ name: 'Weather Bot', instructions: 'Help users check the weather.', tools: [getTemperature] });

const model = await exampleModel((body) => {
  const city = /in ([A-Z][a-z]+)/.exec(lastUserText(body))?.[1] ?? 'Paris';
  const [reading] = toolOutputsSinceUser(body, 'get_temperature');
  if (reading === undefined) return { output: [functionCall('get_temperature', { city })] };
  return { output: [textMessage(`The current temperature in ${city} is ${reading.split(' ')[0]}.`)] };
});

const result = await Runner.run(agent, "What's the temperature in Paris?", { runConfig: model.runConfig });

// What happened during the run: the tool call, its output, then the answer.
console.log(`Final output: ${result.finalOutput}`);
console.log(`Items generated: ${result.newItems.length}`);
for (const item of result.newItems) console.log(`  - ${item.constructor.name} (${item.type})`);

await model.close();
