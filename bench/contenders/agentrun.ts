/** agentrun through its public API, with tracing off or on (a BatchTraceProcessor feeding a no-op exporter). */
import { z } from 'zod';
import { Agent, BatchTraceProcessor, OpenAIProvider, Runner, setTraceProcessors, tool, type TracingExporter } from '../../src/index.js';
import { MODEL, INSTRUCTIONS, TOOL_DESCRIPTION, TOOL_NAME, weather, type Contender, type ContenderOptions } from './types.js';

/** Receives every batch and drops it: measures the pipeline's tracing cost, not an exporter's network. */
const NOOP_EXPORTER: TracingExporter = { export: async () => {} };

export function createAgentrun(options: ContenderOptions & { tracing: boolean }): Contender {
  // Only what the benchmark registers: no processor picked from the environment.
  setTraceProcessors(options.tracing ? [new BatchTraceProcessor(NOOP_EXPORTER)] : []);
  const runner = new Runner({
    modelProvider: new OpenAIProvider({ apiKey: 'test', baseURL: options.url }),
    tracingDisabled: !options.tracing,
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
      const result = runner.runStreamed(agent, input, { maxTurns: options.maxTurns });
      for await (const _event of result.streamEvents()) {
        // Consume every event, as a streaming UI would.
      }
      return result.rawResponses.length;
    },
  };
}
