import { AgentsException } from '../errors/index.js';

/**
 * A durable run lost its lease while it ran: another process took the run over (this one was
 * stalled for longer than `leaseMs`). The run stops here; the other process carries it on.
 */
export class RunLeaseLostError extends AgentsException {
  readonly runId: string;
  constructor(runId: string) {
    super(`Run '${runId}': its lease was taken over by another process; this process stops executing it`);
    this.runId = runId;
  }
}
