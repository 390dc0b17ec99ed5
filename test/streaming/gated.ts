// Test doubles for cancel and abort tests: a tool that waits to be released (or aborted) and a
// model entry that hangs until its call is aborted.
import { z } from 'zod';
import { tool, type ToolContext } from '../../src/index.js';
import { textMessage, type ScriptedModelEntry } from '../../src/testing/index.js';
import { deferred } from './helpers.js';

/** A tool that waits for `release` (or its signal) and records what happened to it. */
export function gatedTool(options: { release?: Promise<void>; ignoreSignal?: boolean } = {}) {
  const record = { started: 0, finished: 0, aborted: 0, signals: [] as AbortSignal[] };
  const started = deferred();
  const t = tool({
    name: 'work',
    description: 'Does slow work',
    parameters: z.object({}),
    execute: async (_args, ctx: ToolContext<unknown>) => {
      record.started++;
      record.signals.push(ctx.signal);
      started.resolve();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 5_000);
        void options.release?.then(() => {
          clearTimeout(timer);
          resolve();
        });
        if (!options.ignoreSignal) {
          ctx.signal.addEventListener('abort', () => {
            record.aborted++;
            clearTimeout(timer);
            reject(ctx.signal.reason);
          });
        }
      });
      record.finished++;
      return 'worked';
    },
  });
  return { tool: t, record, started: started.promise };
}

/** A model entry that reports when it is called and then waits until the call is aborted. */
export function hangingEntry(): { entry: ScriptedModelEntry; called: Promise<void>; aborted: Promise<void> } {
  const called = deferred();
  const aborted = deferred();
  const entry: ScriptedModelEntry = (request) => {
    called.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ output: [textMessage('too late')] }), 5_000);
      request.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        aborted.resolve();
        resolve({ output: [textMessage('aborted')] });
      });
    });
  };
  return { entry, called: called.promise, aborted: aborted.promise };
}
