import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StateSnapshot } from './state.js';

/**
 * Saves the emulator's state to one JSON file so sandbox accounts and posts survive a restart.
 * Writes are coalesced (many changes in a burst make one write) and atomic (temp file + rename), so a
 * crash mid-write leaves the previous file intact.
 */
export class StateFile {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly takeSnapshot: () => StateSnapshot,
    private readonly delayMs = 50,
  ) {}

  load(): StateSnapshot | undefined {
    if (!existsSync(this.file)) return undefined;
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<StateSnapshot>;
    if (parsed.version !== 1) {
      throw new Error(`${this.file} is not an X sandbox state file this emulator can read (version ${parsed.version})`);
    }
    return parsed as StateSnapshot;
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

  /** Writes immediately; called on close so nothing scheduled is lost. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.saveNow();
  }

  private saveNow(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.takeSnapshot()));
    renameSync(temporary, this.file);
  }
}
