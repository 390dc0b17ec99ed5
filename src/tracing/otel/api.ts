import type * as OtelApi from '@opentelemetry/api';
import { loadOptionalPeer } from '../../utils/optional-peer.js';

/** `@opentelemetry/api`, loaded on first use: a clear `UserError` when it is not installed. */
export function otelApi(): typeof OtelApi {
  return loadOptionalPeer<typeof OtelApi>('@opentelemetry/api', 'agentrun/otel');
}
