import type { Usage } from './types.js';
import type { WireUsage } from '../models/interface.js';

/** A zero usage (no requests yet). */
export function emptyUsage(): Usage {
  return { requests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0 };
}

/** Convert Responses API usage to ours; one request. */
export function usageFromWire(wire: WireUsage | null | undefined): Usage {
  const usage: Usage = {
    requests: 1,
    inputTokens: wire?.input_tokens ?? 0,
    outputTokens: wire?.output_tokens ?? 0,
    totalTokens: wire?.total_tokens ?? (wire?.input_tokens ?? 0) + (wire?.output_tokens ?? 0),
  };
  const cached = wire?.input_tokens_details?.cached_tokens;
  if (cached !== undefined) usage.inputTokensDetails = { cachedTokens: cached };
  const reasoning = wire?.output_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined) usage.outputTokensDetails = { reasoningTokens: reasoning };
  return usage;
}

/** Add `more` into `total` in place. */
export function addUsage(total: Usage, more: Usage): void {
  total.requests += more.requests;
  total.inputTokens += more.inputTokens;
  total.outputTokens += more.outputTokens;
  total.totalTokens += more.totalTokens;
  if (more.inputTokensDetails?.cachedTokens !== undefined) {
    total.inputTokensDetails = { cachedTokens: (total.inputTokensDetails?.cachedTokens ?? 0) + more.inputTokensDetails.cachedTokens };
  }
  if (more.outputTokensDetails?.reasoningTokens !== undefined) {
    total.outputTokensDetails = { reasoningTokens: (total.outputTokensDetails?.reasoningTokens ?? 0) + more.outputTokensDetails.reasoningTokens };
  }
}
