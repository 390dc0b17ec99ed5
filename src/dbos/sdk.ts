import type * as DbosSdk from '@dbos-inc/dbos-sdk';
import { loadOptionalPeer } from '../utils/optional-peer.js';

/**
 * `@dbos-inc/dbos-sdk`, an optional peer dependency, loaded when a DurableRunner first needs it:
 * importing `agentrun/dbos` never fails by itself, and without the package installed, creating or
 * using a DurableRunner is a UserError naming the package to install. (The SDK is CommonJS, so the
 * module loaded here is the same instance as the application's own `import { DBOS } ...`.)
 */
export function dbosSdk(): typeof DbosSdk {
  return loadOptionalPeer<typeof DbosSdk>('@dbos-inc/dbos-sdk', 'agentrun/dbos');
}

/** The SDK's `DBOS` class (see {@link dbosSdk}). */
export function dbos(): typeof DbosSdk.DBOS {
  return dbosSdk().DBOS;
}
