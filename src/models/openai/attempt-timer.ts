import { ModelTimeoutError } from '../../errors/model-errors.js';

/**
 * `modelSettings.timeoutMs` of one attempt: fires once after `timeoutMs` without progress. A
 * blocking attempt never touches it (the limit is for the whole attempt); a stream touches it at
 * each event, and pauses it while the run is busy with an event (a slow consumer is no server fault).
 * Made only when `timeoutMs` is set: nothing is paid per call otherwise.
 */
export class AttemptTimer {
  readonly #timer: NodeJS.Timeout;
  #paused = false;

  constructor(url: string, timeoutMs: number, onTimeout: (error: ModelTimeoutError) => void) {
    this.#timer = setTimeout(() => {
      if (this.#paused) return;
      onTimeout(new ModelTimeoutError(`Model request to ${url} timed out after ${timeoutMs} ms (modelSettings.timeoutMs)`, timeoutMs));
    }, timeoutMs);
  }

  /** Progress: the limit starts again. */
  touch(): void {
    this.#timer.refresh();
  }

  /** The run is handling an event: the limit does not run. */
  pause(): void {
    this.#paused = true;
  }

  /** Handling done: the limit starts again. */
  resume(): void {
    this.#paused = false;
    this.#timer.refresh();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/** The per-attempt limit of `request`, if one is set (a positive finite number). */
export function attemptTimeoutOf(timeoutMs: number | undefined): number | undefined {
  return timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs) ? timeoutMs : undefined;
}
