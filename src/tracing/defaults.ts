import type { TracingProcessor } from './types.js';
import { BatchTraceProcessor } from './batch-processor.js';
import { OpenAITracingExporter, isOpenAIExportConfigured } from './openai-exporter.js';
import { LocalTraceProcessor } from './local/processor.js';
import { defaultTraceDbPath } from './local/store.js';

type Env = Record<string, string | undefined>;

const TRUE = new Set(['1', 'true', 'yes', 'on']);

/** `OPENAI_AGENTS_DISABLE_TRACING=1` (the Python SDK's switch) or `AGENTRUN_TRACES=off` turns tracing off. */
export function tracingDisabledByEnv(env: Env): boolean {
  if (TRUE.has((env.OPENAI_AGENTS_DISABLE_TRACING ?? '').toLowerCase())) return true;
  const list = parseDestinations(env);
  return list !== null && (list.includes('off') || list.includes('none'));
}

function parseDestinations(env: Env): string[] | null {
  const raw = env.AGENTRUN_TRACES?.trim();
  if (!raw) return null;
  return raw
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The processors registered before the user adds any:
 * - `AGENTRUN_TRACES` unset: OpenAI export when an OpenAI key is configured for api.openai.com
 *   (`OPENAI_API_KEY` and no `OPENAI_BASE_URL` pointing elsewhere), otherwise none.
 * - `AGENTRUN_TRACES` set: exactly the destinations listed, comma-separated: `openai`, `local`
 *   (SQLite at `AGENTRUN_TRACE_DB` or `.agentrun/traces.db`), or `off`.
 */
export function defaultProcessorsFromEnv(env: Env): TracingProcessor[] {
  const list = parseDestinations(env);
  const result: TracingProcessor[] = [];
  const wantOpenAI = list === null ? isOpenAIExportConfigured(env) : list.includes('openai');
  if (wantOpenAI) result.push(new BatchTraceProcessor(new OpenAITracingExporter()));
  if (list?.includes('local')) result.push(new LocalTraceProcessor({ path: defaultTraceDbPath(env) }));
  return result;
}
