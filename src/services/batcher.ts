/** Most keys loaded in one call. */
const MAX_BATCH = 500;

/**
 * Loads asked for in the same turn of the event loop go to the database as one call. A launch makes
 * hundreds of publications due at the same millisecond, each job asking for its own; one query per
 * batch instead of one per publication is what lets the network calls start on time.
 */
export class Batcher<V> {
  private pending: Array<{ key: string; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }> =
    [];
  private flushing = false;

  constructor(private readonly load: (keys: string[]) => Promise<Map<string, V>>) {}

  get(key: string): Promise<V | undefined> {
    const value = new Promise<V | undefined>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
    });
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => void this.flush());
    }
    return value;
  }

  async getMany(keys: readonly string[]): Promise<V[]> {
    const values = await Promise.all(keys.map((key) => this.get(key)));
    return values.filter((value) => value !== undefined);
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        const loaded = await this.load([...new Set(batch.map((item) => item.key))]);
        for (const item of batch) item.resolve(loaded.get(item.key));
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.flushing = false;
  }
}
