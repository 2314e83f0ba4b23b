import "server-only";

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

export interface BatchQueueOptions<Item, Result> {
  /** The most items one write takes: enough to absorb a burst, few enough that one statement stays cheap. */
  maxBatch: number;
  /** Writes one batch; resolves to each item's result, in the batch's order. */
  write(batch: Item[]): Promise<readonly Result[]>;
  /** Items with equal keys never share a batch: a later one waits for the next write (and can see the first). */
  key?(item: Item): string;
  /** Awaited before each write, with how many items are waiting. */
  beforeWrite?(waiting: number): Promise<void>;
  /** After a write fails: whether everything still waiting fails with it (a database that is down). */
  failsEveryone?(error: unknown): boolean;
}

export interface BatchQueue<Item, Result> {
  /** Queues an item; resolves with its result once the write that took it is done. */
  add(item: Item): Promise<Result>;
}

/**
 * Group commit in memory: items that arrive while a write is under way go in together in the
 * next one, so a burst costs one statement per batch instead of one per item. The first item
 * waits one turn of the event loop, so items arriving together start out together.
 */
export function createBatchQueue<Item, Result>(options: BatchQueueOptions<Item, Result>): BatchQueue<Item, Result> {
  let waiting: Waiting<Item, Result>[] = [];
  let flushing = false;

  function takeBatch(): Waiting<Item, Result>[] {
    if (!options.key) return waiting.splice(0, options.maxBatch);
    const batch: Waiting<Item, Result>[] = [];
    const rest: Waiting<Item, Result>[] = [];
    const keys = new Set<string>();
    for (const entry of waiting) {
      const key = options.key(entry.item);
      if (batch.length < options.maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(entry);
      } else {
        rest.push(entry);
      }
    }
    waiting = rest;
    return batch;
  }

  async function flush(): Promise<void> {
    while (waiting.length > 0) {
      await options.beforeWrite?.(waiting.length);
      const batch = takeBatch();
      try {
        const results = await options.write(batch.map((entry) => entry.item));
        for (const [index, entry] of batch.entries()) entry.resolve(results[index]);
      } catch (error) {
        // A database that is down fails every batch the same way, each after the connect
        // timeout: failing the queue with this one keeps every answer within one timeout.
        const failed = options.failsEveryone?.(error) ? [...batch, ...waiting.splice(0)] : batch;
        for (const entry of failed) entry.reject(error);
      }
    }
    flushing = false;
  }

  return {
    add(item) {
      return new Promise((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (flushing) return;
        flushing = true;
        setImmediate(flush);
      });
    },
  };
}
