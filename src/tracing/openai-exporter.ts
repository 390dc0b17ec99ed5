import type { Span, Trace, TracingExporter } from './types.js';
import { toIngestItem } from './export-format.js';
import { sleep } from '../utils/sleep.js';
import { processDefaults } from '../config/process-defaults.js';

type Env = Record<string, string | undefined>;

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';


/** Sets the key used to export traces to OpenAI (instead of `OPENAI_API_KEY`). */
export function setTracingExportApiKey(key: string): void {
  processDefaults.tracing.exportApiKey = key;
}

/**
 * Whether default OpenAI export applies: a key is configured and the base URL (if any) is OpenAI's,
 * so traces are never sent to an unrelated OpenAI-compatible server by default.
 */
export function isOpenAIExportConfigured(env: Env): boolean {
  if (!processDefaults.tracing.exportApiKey && !env.OPENAI_API_KEY) return false;
  const base = env.OPENAI_BASE_URL;
  if (!base) return true;
  try {
    return new URL(base).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** Options for `OpenAITracingExporter`. Anything left out is read from the environment at export time. */
export interface OpenAITracingExporterOptions {
  /** Default: `setTracingExportApiKey()`, else `OPENAI_API_KEY`. */
  apiKey?: string;
  /** Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`; items go to `<baseURL>/traces/ingest`. */
  baseURL?: string;
  /** Full ingest URL; overrides `baseURL`. */
  endpoint?: string;
  /** Default: `OPENAI_ORG_ID`. */
  organization?: string;
  /** Default: `OPENAI_PROJECT_ID`. */
  project?: string;
  /** Retries after a 429/5xx answer or a network failure. Default 3. */
  maxRetries?: number;
  /** First retry delay, doubled each time (with jitter). Default 1000 ms. */
  baseDelayMs?: number;
  /** Longest retry delay. Default 30000 ms. */
  maxDelayMs?: number;
}

/**
 * Posts traces and spans to the OpenAI traces ingest endpoint (`POST <base>/traces/ingest`,
 * `Authorization: Bearer <key>`, `OpenAI-Beta: traces=v1`) as `{ data: [...] }`.
 * Failures are retried with backoff, then reported once; they never throw into the caller's run.
 */
export class OpenAITracingExporter implements TracingExporter {
  readonly #options: OpenAITracingExporterOptions;
  readonly #maxRetries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;

  constructor(options: OpenAITracingExporterOptions = {}) {
    this.#options = options;
    this.#maxRetries = options.maxRetries ?? 3;
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 30_000;
  }

  /** The URL items are posted to. */
  get endpoint(): string {
    if (this.#options.endpoint) return this.#options.endpoint;
    const base = this.#options.baseURL ?? process.env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL;
    return `${base.replace(/\/+$/, '')}/traces/ingest`;
  }

  async export(items: ReadonlyArray<Trace | Span>, signal?: AbortSignal): Promise<void> {
    if (items.length === 0) return;
    const apiKey = this.#options.apiKey ?? processDefaults.tracing.exportApiKey ?? process.env.OPENAI_API_KEY;
    if (!apiKey) throw new Error('no OpenAI API key for trace export (set OPENAI_API_KEY or setTracingExportApiKey())');
    const body = JSON.stringify({ data: items.map(toIngestItem) });
    const headers: Record<string, string> = {
      Authorization: `Bearer ${apiKey}`,
      'Content-Type': 'application/json',
      'OpenAI-Beta': 'traces=v1',
    };
    const organization = this.#options.organization ?? process.env.OPENAI_ORG_ID;
    const project = this.#options.project ?? process.env.OPENAI_PROJECT_ID;
    if (organization) headers['OpenAI-Organization'] = organization;
    if (project) headers['OpenAI-Project'] = project;
    const url = this.endpoint;

    for (let attempt = 0; ; attempt++) {
      let failure: string;
      let response: Response | undefined;
      try {
        response = await fetch(url, { method: 'POST', headers, body, ...(signal && { signal }) });
      } catch (error) {
        if (signal?.aborted) throw error;
        failure = error instanceof Error ? error.message : String(error);
      }
      if (response) {
        if (response.ok) {
          await response.body?.cancel();
          return;
        }
        const text = await response.text().catch(() => '');
        failure = `HTTP ${response.status}: ${text.slice(0, 300)}`;
        // Other 4xx answers will not change on retry.
        if (response.status < 500 && response.status !== 429) throw new Error(`trace export to ${url} failed with ${failure}`);
      }
      if (attempt >= this.#maxRetries) {
        throw new Error(`trace export to ${url} failed after ${attempt + 1} attempts: ${failure!}`);
      }
      const delay = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2);
      await sleep(delay, signal);
    }
  }
}

