/**
 * agentrun's own per-call cost with the network taken out: the same agent and tool as `npm run
 * bench`, but the model answers from memory (pre-rendered scripted-server replies; the request
 * body is still serialized and the answer parsed, as the HTTP transport does). Isolates the
 * pipeline (run loop, items, tools, streaming layers, tracing) from sockets and the server, so
 * before/after figures of a pipeline change are not drowned by loopback noise. Run compiled:
 *   npx tsc -p bench/tsconfig.bench.json --outDir node_modules/.cache/bench-profile
 *   node node_modules/.cache/bench-profile/bench/pipeline.js [--turns N] [--concurrency N] [--blocking|--streamed] [--tracing|--no-tracing] [--runs N]
 * `--runs N` makes exactly N runs per mode and prints nothing: for instruction counts, e.g. the
 * difference of `valgrind --tool=callgrind` totals at two run counts (start-up cancels out).
 */
import { z } from 'zod';
import { Agent, BatchTraceProcessor, OpenAIProvider, Runner, setTraceProcessors, tool, type ModelTransport } from '../src/index.js';
import { SseParser, type SseMessage } from '../src/models/openai/sse.js';
import { echoResponder } from '../src/testing/echo-responder.js';
import { renderReply } from '../src/testing/server-replies.js';
import { INSTRUCTIONS, MODEL, TOOL_DESCRIPTION, TOOL_NAME, weather } from './contenders/types.js';
import { median } from './measure.js';

const turnsAt = process.argv.indexOf('--turns');
const calls = turnsAt === -1 ? 4 : Number(process.argv[turnsAt + 1]);
const concurrencyAt = process.argv.indexOf('--concurrency');
/** Runs in flight at once; above 1, every model answer waits for the next event-loop turn (as a socket's would), so runs interleave and their state lives across the wait. */
const concurrency = concurrencyAt === -1 ? 1 : Number(process.argv[concurrencyAt + 1]);
const runsAt = process.argv.indexOf('--runs');
const fixedRuns = runsAt === -1 ? undefined : Number(process.argv[runsAt + 1]);
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const tools = [{ type: 'function', name: TOOL_NAME, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];

/** Reply k answers the request that carries k tool results (history length 1 + 2k). */
function render(stream: boolean): string[] {
  const responder = echoResponder({ toolCalls: calls - 1 });
  const out: string[] = [];
  const input: unknown[] = [{ role: 'user', content: 'weather in Paris' }];
  for (let k = 0; k < calls; k++) {
    const body = { model: MODEL, input, tools, ...(stream && { stream: true }) };
    const result = responder(body, { api: 'responses', request: { method: 'POST', path: '/v1/responses', headers: {}, body } });
    out.push(renderReply({ result: result as Exclude<typeof result, Promise<unknown>>, api: 'responses', body, label: 'pipeline' }).frames.join(''));
    input.push({ type: 'function_call' }, { type: 'function_call_output' });
  }
  return out;
}

const JSON_REPLIES = render(false);
const STREAM_REPLIES = render(true);
const replyIndex = (body: Record<string, unknown>): number => ((body.input as unknown[]).length - 1) / 2;

const memoryTransport: ModelTransport = {
  async postJson(request) {
    const index = replyIndex(JSON.parse(JSON.stringify(request.body)) as Record<string, unknown>);
    if (concurrency > 1) await nextTurn();
    return JSON.parse(JSON_REPLIES[index]!) as unknown;
  },
  async *postStream(request): AsyncGenerator<SseMessage> {
    JSON.stringify(request.body);
    if (concurrency > 1) await nextTurn();
    const parser = new SseParser();
    yield* parser.push(STREAM_REPLIES[replyIndex(request.body)]!);
    yield* parser.end();
  },
};

const agent = new Agent({
  name: 'Weather',
  instructions: INSTRUCTIONS,
  model: MODEL,
  tools: [tool({ name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: z.object({ city: z.string() }), execute: ({ city }) => weather(city) })],
});

async function runOnce(runner: Runner, streamed: boolean): Promise<void> {
  if (!streamed) {
    const result = await runner.run(agent, 'weather in Paris', { maxTurns: calls });
    if (result.rawResponses.length !== calls) throw new Error('pipeline bench: wrong number of model calls');
    return;
  }
  const result = runner.runStreamed(agent, 'weather in Paris', { maxTurns: calls });
  for await (const _event of result.streamEvents()) {
    // consume
  }
  if (result.rawResponses.length !== calls) throw new Error('pipeline bench: wrong number of model calls');
}

async function measure(runner: Runner, streamed: boolean, ms: number): Promise<number> {
  let runs = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const loop = async (): Promise<void> => {
    while (performance.now() - t0 < ms) {
      await runOnce(runner, streamed);
      runs++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / (runs * calls);
}

const only = <T>(values: T[], flags: string[]): T[] => {
  const picked = values.filter((_, i) => process.argv.includes(flags[i]!));
  return picked.length > 0 ? picked : values;
};

for (const tracing of only([false, true], ['--no-tracing', '--tracing'])) {
  // Under --runs (callgrind, ~50x slower) the 5 s export timer would fire at load-dependent points
  // and hold spans for fewer runs than at full speed; exporting on the queue trigger only, as at
  // full speed, keeps instruction counts independent of time.
  const batchOptions = fixedRuns === undefined ? {} : { scheduleDelayMs: 3_600_000 };
  setTraceProcessors(tracing ? [new BatchTraceProcessor({ export: async () => {} }, batchOptions)] : []);
  const runner = new Runner({ modelProvider: new OpenAIProvider({ transport: memoryTransport }), tracingDisabled: !tracing });
  for (const streamed of only([false, true], ['--blocking', '--streamed'])) {
    if (fixedRuns !== undefined) {
      for (let i = 0; i < fixedRuns; i += concurrency) await Promise.all(Array.from({ length: concurrency }, () => runOnce(runner, streamed)));
      continue;
    }
    await measure(runner, streamed, 1000);
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) samples.push(await measure(runner, streamed, 400));
    process.stdout.write(`${streamed ? 'streamed' : 'blocking'}${tracing ? ', tracing on' : ''}, ${calls} calls/run${concurrency > 1 ? `, ${concurrency} concurrent` : ''}: ${median(samples).toFixed(1)} µs CPU per model call\n`);
  }
}
