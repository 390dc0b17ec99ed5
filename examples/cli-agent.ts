/**
 * An agent module for the `agentrun` command line: it exports the agent instead of running it.
 *   npx agentrun run examples/cli-agent.ts "What's the temperature in Paris?" --offline
 *   npx agentrun chat examples/cli-agent.ts --offline
 * (in this repository: npm run cli -- run examples/cli-agent.ts ...). Without --offline it needs
 * OPENAI_API_KEY.
 */
import { z } from 'zod';
import { Agent, tool } from '../src/index.js';

const getTemperature = tool({
  name: 'get_temperature',
  description: 'Get the current temperature for a city.',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `72°F in ${city}`,
});

export default new Agent({
  name: 'Weather Bot',
  instructions: 'Help users check the weather. Answer in one sentence.',
  tools: [getTemperature],
});
