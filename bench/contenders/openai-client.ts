/** The official `openai` client driving the same loop by hand (responses.create, tool, append, repeat). */
import OpenAI from 'openai';
import type { ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import { MODEL, INSTRUCTIONS, TOOL_DESCRIPTION, TOOL_NAME, TOOL_PARAMETERS, weather, type Contender, type ContenderOptions } from './types.js';

const TOOLS = [{ type: 'function' as const, name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: { ...TOOL_PARAMETERS }, strict: true }];

export function createOpenAIClientLoop(options: ContenderOptions): Contender {
  const client = new OpenAI({ apiKey: 'test', baseURL: options.url, maxRetries: 0 });

  const call = async (input: ResponseInputItem[]): Promise<ResponseOutputItem[]> => {
    if (!options.streamed) {
      const response = await client.responses.create({ model: MODEL, instructions: INSTRUCTIONS, input, tools: TOOLS });
      return response.output;
    }
    const stream = await client.responses.create({ model: MODEL, instructions: INSTRUCTIONS, input, tools: TOOLS, stream: true });
    let output: ResponseOutputItem[] | undefined;
    for await (const event of stream) if (event.type === 'response.completed') output = event.response.output;
    if (!output) throw new Error('openai client: stream without response.completed');
    return output;
  };

  return {
    async run(text) {
      const history: ResponseInputItem[] = [{ role: 'user', content: text }];
      for (let calls = 1; calls <= options.maxTurns; calls++) {
        const output = await call(history);
        let called = false;
        for (const item of output) {
          history.push(item as ResponseInputItem);
          if (item.type === 'function_call') {
            const args = JSON.parse(item.arguments) as { city: string };
            history.push({ type: 'function_call_output', call_id: item.call_id, output: weather(args.city) });
            called = true;
          }
        }
        if (!called) return calls;
      }
      throw new Error('openai client: max turns exceeded');
    },
  };
}
