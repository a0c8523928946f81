import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** Media bytes on local disk under the data folder. S3-compatible storage can implement the same shape later. */
export class MediaFiles {
  constructor(private readonly root: string) {}

  async write(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // write then rename, so a crash never leaves a half-written file under the final name
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, file);
  }

  async read(key: string): Promise<Uint8Array> {
    return fs.readFile(this.pathOf(key));
  }

  /** The file, or the byte range [start, end) of it. */
  stream(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end - 1 } : undefined);
  }

  private pathOf(key: string): string {
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep))
      throw new Error(`media key escapes the media folder: ${key}`);
    return resolved;
  }
}
