/** What every benchmark contender implements: one agent run with the benchmark's single tool. */
export interface Contender {
  /** Run the agent loop once on `input`; resolves with the number of model calls it made. */
  run(input: string): Promise<number>;
}

/** How a contender is built in the worker process. */
export interface ContenderOptions {
  /** Scripted server base URL, including `/v1`. */
  url: string;
  /** Stream every model call (SSE) instead of one JSON response. */
  streamed: boolean;
  /** Model calls allowed per run (the SDKs default to 10; the 50-turn workload needs more). */
  maxTurns: number;
}

/** The model name sent by every contender (the scripted server ignores it). */
export const MODEL = 'gpt-4.1';
export const INSTRUCTIONS = 'You are a weather assistant. Use the tool, then answer briefly.';
export const TOOL_NAME = 'get_weather';
export const TOOL_DESCRIPTION = 'Current weather for a city.';

/** The JSON schema of the tool's parameters, as the raw loops send it (the SDKs derive the same from zod). */
export const TOOL_PARAMETERS = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
} as const;

/** The tool's work: deliberately trivial so the figures measure the loop, not the tool. */
export function weather(city: string): string {
  return `Sunny and 21°C in ${city}`;
}
