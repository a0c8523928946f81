/** Most keys loaded in one call. */
const MAX_BATCH = 500;
/** Loads running at once: a slow one (a busy database) does not hold up the keys that come after it. */
const MAX_LOADS = 4;

/**
 * Loads asked for in the same turn of the event loop go to the database as one call. A launch makes
 * hundreds of publications due at the same millisecond, each job asking for its own; one query per
 * batch instead of one per publication is what lets the network calls start on time.
 */
export class Batcher<V> {
  private pending: Array<{ key: string; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }> =
    [];
  private loads = 0;
  private flushPlanned = false;

  constructor(private readonly load: (keys: string[]) => Promise<Map<string, V>>) {}

  get(key: string): Promise<V | undefined> {
    const value = new Promise<V | undefined>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
    });
    this.planFlush();
    return value;
  }

  async getMany(keys: readonly string[]): Promise<V[]> {
    const values = await Promise.all(keys.map((key) => this.get(key)));
    return values.filter((value) => value !== undefined);
  }

  private planFlush(): void {
    if (this.flushPlanned || this.loads >= MAX_LOADS) return;
    this.flushPlanned = true;
    // Everything asked for in this turn of the event loop joins the batch.
    setImmediate(() => {
      this.flushPlanned = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.pending.length > 0 && this.loads < MAX_LOADS) {
      const batch = this.pending.splice(0, MAX_BATCH);
      this.loads += 1;
      this.load([...new Set(batch.map((item) => item.key))])
        .then(
          (loaded) => {
            for (const item of batch) item.resolve(loaded.get(item.key));
          },
          (error: unknown) => {
            for (const item of batch) item.reject(error);
          },
        )
        .finally(() => {
          this.loads -= 1;
          if (this.pending.length > 0) this.planFlush();
        });
    }
  }
}
