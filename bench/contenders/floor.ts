/**
 * The floor: the least a client can do per model call. node:http with a keep-alive agent,
 * JSON.stringify the body, JSON.parse the answer (or split the SSE stream and JSON.parse each
 * event), run the tool, append to the history. No validation, no abstraction.
 */
import http from 'node:http';
import { MODEL, INSTRUCTIONS, TOOL_DESCRIPTION, TOOL_NAME, TOOL_PARAMETERS, weather, type Contender, type ContenderOptions } from './types.js';

interface WireItem {
  type?: string;
  call_id?: string;
  arguments?: string;
}

const TOOLS = [{ type: 'function', name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: TOOL_PARAMETERS, strict: true }];

export function createFloor(options: ContenderOptions): Contender {
  const url = new URL(`${options.url}/responses`);
  const agent = new http.Agent({ keepAlive: true });
  const post = (body: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          method: 'POST',
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          agent,
          headers: { authorization: 'Bearer test', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`floor: HTTP ${res.statusCode}`));
            else resolve(Buffer.concat(chunks).toString('utf8'));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const outputOf = (text: string): WireItem[] => {
    if (!options.streamed) return (JSON.parse(text) as { output: WireItem[] }).output;
    let output: WireItem[] | undefined;
    // Every event is parsed, as any consumer of a stream does.
    for (const frame of text.split('\n\n')) {
      const at = frame.indexOf('data: ');
      if (at === -1) continue;
      const event = JSON.parse(frame.slice(at + 6)) as { type: string; response?: { output: WireItem[] } };
      if (event.type === 'response.completed') output = event.response!.output;
    }
    if (!output) throw new Error('floor: stream without response.completed');
    return output;
  };

  return {
    async run(input) {
      const history: unknown[] = [{ role: 'user', content: input }];
      for (let calls = 1; calls <= options.maxTurns; calls++) {
        const body = { model: MODEL, instructions: INSTRUCTIONS, input: history, tools: TOOLS, ...(options.streamed && { stream: true }) };
        const output = outputOf(await post(JSON.stringify(body)));
        let called = false;
        for (const item of output) {
          history.push(item);
          if (item.type === 'function_call') {
            const args = JSON.parse(item.arguments!) as { city: string };
            history.push({ type: 'function_call_output', call_id: item.call_id, output: weather(args.city) });
            called = true;
          }
        }
        if (!called) return calls;
      }
      throw new Error('floor: max turns exceeded');
    },
  };
}
