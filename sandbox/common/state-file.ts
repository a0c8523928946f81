import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Keeps an emulator's state in one JSON file across restarts. Writes are coalesced and atomic (temp
 * file + rename), as in the X emulator, so a crash mid-write leaves the previous file intact.
 */
export class JsonStateFile<T extends { version: number }> {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly version: number,
    private readonly takeSnapshot: () => T,
    private readonly delayMs = 50,
  ) {}

  load(): T | undefined {
    if (!existsSync(this.file)) return undefined;
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<T>;
    if (parsed.version !== this.version) {
      throw new Error(
        `${this.file} holds state version ${parsed.version}; this emulator reads version ${this.version}`,
      );
    }
    return parsed as T;
  }

  scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saveNow();
    }, this.delayMs);
    // A pending save must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.saveNow();
  }

  private saveNow(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.takeSnapshot()));
    renameSync(temporary, this.file);
  }
}
