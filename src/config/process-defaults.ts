/**
 * agentrun's process-wide defaults, in one place: what a program sets once for every runner and
 * run (the OpenAI key, client and API, the trace processors), and the objects made once and shared
 * by every run (the default model provider and transport). Each field says why it is per process.
 *
 * Only state lives here. The public functions that check and set it stay with their feature
 * (`setDefaultOpenAIKey` in models/openai/defaults.ts, `setTraceProcessors` in tracing/provider.ts,
 * ...), and read it at call time, so a default set after agents and models were made still
 * applies. This module imports nothing for values: any module may read it without an import cycle.
 *
 * Also module-level, and left where they are on purpose (memoisation or one-time bookkeeping, with
 * nothing for a program to set):
 * - run/agent-setup.ts: each agent's tool tables (a WeakMap, read-only once built);
 * - run/runner.ts: the runner behind the static `Runner.run` & co. (a constant with no defaults of its own);
 * - run/server-managed.ts: whether the nestHandoffHistory warning was printed (once per process);
 * - run/run-sync-driver.ts and run/immediate-guard.ts: the native addon and the drive's bookkeeping;
 * - tracing/clock.ts and tracing/ids.ts: the current-second text and the pool of random span ids;
 * - tracing/context.ts: how many trace scopes are open (the storage is switched off at zero);
 * - tracing/batch-processor.ts, tracing/local/processor.ts: whether the exit hook is installed;
 * - errors/redact.ts: the keys registered for redaction from error text;
 * - sessions/sqlite-connection.ts: the SQLite class, loaded on first use;
 * - models/openai/chat-output.ts and testing/ids.ts: counters for made-up ids;
 * - cli/typescript-loader.ts: whether the TypeScript loader is registered (once per process).
 * test/meta/process-state.test.ts fails on module-level `let` anywhere else.
 */
import type { ModelProvider } from '../models/interface.js';
import type { OpenAIApi } from '../models/openai/defaults.js';
import type { OpenAIClientLike } from '../models/openai/openai-client-transport.js';
import type { DefaultTransport } from '../models/openai/default-transport.js';
import type { TracingProcessor } from '../tracing/types.js';

/** OpenAI settings of models made without their own (`setDefaultOpenAIKey` / `Client` / `Api`). */
export interface OpenAIDefaults {
  /** The API key of default transports; per process because it is the program's credential, as `OPENAI_API_KEY` is. */
  key: string | undefined;
  /** An `openai` client every default transport sends through; per process like the key it holds. */
  client: OpenAIClientLike | undefined;
  /** The API of the default provider's models; per process, as in the other SDKs (`set_default_openai_api`). */
  api: OpenAIApi;
}

/** The one tracing pipeline of the process (as in the Python SDK): traces of every run go to the same processors. */
export interface TracingDefaults {
  /** Registered processors (the environment's defaults first, once resolved). */
  processors: readonly TracingProcessor[];
  /** `setTracingDisabled(true)` or `OPENAI_AGENTS_DISABLE_TRACING`. */
  disabled: boolean;
  /** The environment's defaults were read (on first use, not at import, so env vars set after import count). */
  defaultsResolved: boolean;
  /** Cached `!disabled && processors.length > 0`: read on every span, so a boolean. */
  active: boolean;
  /** The key for exporting traces to OpenAI (`setTracingExportApiKey`, also set by `setDefaultOpenAIKey`). */
  exportApiKey: string | undefined;
}

/** Every process-wide default of agentrun. */
export interface ProcessDefaults {
  openai: OpenAIDefaults;
  /**
   * The provider of runs given none (`RunConfig.modelProvider`), made on first use: per process so
   * its models, and their connection pool, are shared by every run.
   */
  modelProvider: ModelProvider | undefined;
  /**
   * The transport of models made without a transport or client, made on first use: per process so
   * every model shares one pool of keep-alive sockets.
   */
  transport: DefaultTransport | undefined;
  tracing: TracingDefaults;
}

/** The process's defaults. Written only by the setters named above (and tests' reset helpers). */
export const processDefaults: ProcessDefaults = {
  openai: { key: undefined, client: undefined, api: 'responses' },
  modelProvider: undefined,
  transport: undefined,
  tracing: { processors: [], disabled: false, defaultsResolved: false, active: false, exportApiKey: undefined },
};
