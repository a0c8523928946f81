import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

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

  /**
   * Writes an upload as it arrives to a temporary file beside the media (same disk, so keeping it is a
   * rename), never holding it in memory. Returns the file's path and size.
   */
  async receive(stream: Readable): Promise<{ path: string; size: number }> {
    const incoming = path.join(this.root, '.incoming');
    await fs.mkdir(incoming, { recursive: true });
    const file = path.join(incoming, randomUUID());
    try {
      await pipeline(stream, createWriteStream(file));
    } catch (error) {
      await fs.rm(file, { force: true });
      throw error;
    }
    return { path: file, size: (await fs.stat(file)).size };
  }

  /** Keeps a received file under `key`. */
  async adopt(key: string, receivedPath: string): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.rename(receivedPath, file);
  }

  /** Removes a received file that was not kept (refused, or the request failed); no error if gone. */
  async discard(receivedPath: string): Promise<void> {
    await fs.rm(receivedPath, { force: true });
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
