/**
 * Hand each item of an async iterable to `onItem`, in order, waiting for any promise it returns
 * (backpressure). `open` is called here, so a source that throws on creation rejects the result.
 */
export async function feed<T>(open: () => AsyncIterable<T>, onItem: (item: T) => void | Promise<void>): Promise<void> {
  for await (const item of open()) {
    const pending = onItem(item);
    if (pending) await pending;
  }
}
