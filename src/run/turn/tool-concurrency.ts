import type { MaybePromise } from '../../utils/types.js';

/**
 * `RunConfig.toolExecution.maxFunctionToolConcurrency`: run `count` jobs with at most `limit` in
 * flight, starting them in index order as earlier ones finish (the Python SDK fills freed slots
 * the same way). Values come back by index. The first failure rejects at once and starts no
 * further job; jobs already running are stopped by the run's abort, as when no limit is set.
 */
export function runLimited(count: number, limit: number, start: (index: number) => MaybePromise<unknown>): Promise<unknown[]> {
  return new Promise<unknown[]>((resolve, reject) => {
    const values = new Array<unknown>(count);
    let next = 0;
    let running = 0;
    let failed = false;
    const fail = (error: unknown): void => {
      failed = true;
      reject(error);
    };
    const done = (index: number, value: unknown): void => {
      values[index] = value;
      running--;
      fill();
    };
    const fill = (): void => {
      while (!failed && running < limit && next < count) {
        const index = next++;
        running++;
        let value: MaybePromise<unknown>;
        try {
          value = start(index);
        } catch (error) {
          return fail(error);
        }
        if (value instanceof Promise) value.then((v) => done(index, v), (error: unknown) => { if (!failed) fail(error); });
        else {
          values[index] = value;
          running--;
        }
      }
      if (!failed && running === 0 && next === count) resolve(values);
    };
    fill();
  });
}
