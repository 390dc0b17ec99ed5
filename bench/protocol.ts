/** What the benchmark driver sends to a worker process and what it prints back. */

export type ContenderName = 'floor' | 'openai' | 'agents' | 'agentrun' | 'agentrun+tracing';

// Measured in this order within a round: agentrun right after the floor, so the pair sees the same machine load.
export const CONTENDERS: readonly ContenderName[] = ['floor', 'agentrun', 'agentrun+tracing', 'openai', 'agents'];

/** Human labels for the table. */
export const LABELS: Readonly<Record<ContenderName, string>> = {
  floor: 'floor (node:http + JSON.parse)',
  openai: 'openai client loop',
  agents: '@openai/agents',
  agentrun: 'agentrun',
  'agentrun+tracing': 'agentrun, tracing on',
};

/** Workload sizes: the full benchmark and the CI smoke run differ only here. */
export interface Sizes {
  /** Load workers per contender, interleaved across contenders so drifting machine load hits all alike. */
  rounds: number;
  warmupMs: number;
  /**
   * Extra warm-up before a worker's first workload (on top of `warmupMs`). V8 compiles hot code on background threads
   * whose CPU time counts in process.cpuUsage; a larger code base takes longer to settle (about
   * 2 s for the floor, 3-4 s for agentrun streamed), and compiling is a start-up cost, not a
   * per-call one.
   */
  jitWarmupMs: number;
  repeats: number;
  repeatMs: number;
  concurrency: number;
  inFlightRuns: number;
  latencyMs: number;
  inFlightIntervalMs: number;
  /** Runs made before the heap baseline is taken. */
  inFlightWarmupRuns: number;
  /** Smoke run: load and heap workloads in one worker per contender, all workers at once (no timing is meaningful). */
  oneWorker: boolean;
}

export interface ServerUrls {
  /** Echo server: 3 tool calls then text (4 model calls per run). */
  tools3: string;
  /** Echo server: 49 tool calls then text (50 model calls per run). */
  tools49: string;
  /** Like tools3, with model latency. */
  latency: string;
}

export interface WorkerTask {
  contender: ContenderName;
  streamed: boolean;
  /** `load`: 1 and N concurrent, 50 turns. `inflight`: heap with many runs waiting on the model. */
  workload: 'load' | 'inflight' | 'all';
  servers: ServerUrls;
  sizes: Sizes;
}

export interface LoadResult {
  /** Median client CPU (user + system) per model call, µs. */
  cpuUsPerCall: number;
  /** Median completed runs per second of wall time. */
  runsPerSec: number;
  /** Runs measured over all repeats. */
  runs: number;
  /** Every repeat's figures (the medians above are over these; the driver pools them across rounds). */
  samples: Array<{ cpuUsPerCall: number; runsPerSec: number }>;
}

export interface WorkerResult {
  contender: ContenderName;
  streamed: boolean;
  c1?: LoadResult;
  c50?: LoadResult;
  turns50?: LoadResult;
  inFlight?: { heapBytesPerRun: number; samples: number };
  /** The load figures of each round separately (the driver fills this; ratios pair rounds). */
  rounds?: Array<Pick<WorkerResult, 'c1' | 'c50' | 'turns50'>>;
}
