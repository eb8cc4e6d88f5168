/**
 * Group commit: callers add items and each gets its own result, but the items that arrive within
 * `maxWaitMs` of each other (up to `maxItems`) are handled by one call of `run`. At a high rate this
 * turns many small transactions into a few larger ones; at a low rate it adds at most `maxWaitMs`.
 */
export type BatchRunner<I, R> = (items: I[]) => Promise<R[]>;

export function createMicroBatch<I, R>(run: BatchRunner<I, R>, options: { maxItems: number; maxWaitMs: number }) {
  type Pending = { item: I; resolve: (r: R) => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queue;
    queue = [];
    if (!batch.length) return;
    run(batch.map((p) => p.item)).then(
      (results) => {
        if (results.length !== batch.length) throw new Error(`batch returned ${results.length} results for ${batch.length} items`);
        batch.forEach((p, i) => p.resolve(results[i]!));
      },
    ).catch((error: unknown) => batch.forEach((p) => p.reject(error)));
  };

  return {
    add(item: I): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (queue.length >= options.maxItems) flush();
        else timer ??= setTimeout(flush, options.maxWaitMs);
      });
    },
  };
}
