/** `@openai/agents` (the reference SDK) with its own OpenAI client pointed at the scripted server, tracing off. */
import { Agent, OpenAIProvider, Runner, setTracingDisabled, tool } from '@openai/agents';
import { z } from 'zod';
import { MODEL, INSTRUCTIONS, TOOL_DESCRIPTION, TOOL_NAME, weather, type Contender, type ContenderOptions } from './types.js';

export function createOpenAIAgents(options: ContenderOptions): Contender {
  setTracingDisabled(true);
  const runner = new Runner({
    modelProvider: new OpenAIProvider({ apiKey: 'test', baseURL: options.url, useResponses: true }),
    tracingDisabled: true,
  });
  const agent = new Agent({
    name: 'Weather',
    instructions: INSTRUCTIONS,
    model: MODEL,
    tools: [tool({ name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: z.object({ city: z.string() }), execute: ({ city }) => weather(city) })],
  });
  return {
    async run(input) {
      if (!options.streamed) {
        const result = await runner.run(agent, input, { maxTurns: options.maxTurns });
        return result.rawResponses.length;
      }
      const result = await runner.run(agent, input, { maxTurns: options.maxTurns, stream: true });
      for await (const _event of result) {
        // Consume every event, as a streaming UI would.
      }
      await result.completed;
      if (result.error) throw result.error;
      return result.rawResponses.length;
    },
  };
}
