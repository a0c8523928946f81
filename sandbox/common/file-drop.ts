import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';

/**
 * A public file host beside an emulator, for networks that fetch media from a URL instead of taking
 * an upload (Threads, Instagram). In real life the poster puts the file on a public server; in the
 * sandbox it is put here, under the emulator's control paths, and the emulator fetches it back over
 * HTTP exactly as the network would. Bytes stream to disk in both directions.
 */
export interface FileDropOptions {
  /** Folder for the files; a fresh temporary folder (removed on close) when absent. */
  directory?: string;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Where clients reach the emulator, for the URLs handed back; else from the request's Host. */
  publicUrl?: string;
}

interface StoredFile {
  file: string;
  contentType: string;
  size: number;
}

export const FILE_DROP_PATH = '/_emulator/files';

export function registerFileDrop(app: FastifyInstance, options: FileDropOptions): void {
  const temporary = options.directory === undefined;
  const directory = options.directory ?? mkdtempSync(path.join(os.tmpdir(), 'crier-sandbox-files-'));
  mkdirSync(directory, { recursive: true });
  const files = new Map<string, StoredFile>();

  app.register(async (scoped) => {
    // Bodies here are files of any type: hand the raw stream to the route instead of parsing it.
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    scoped.post(FILE_DROP_PATH, async (request, reply) => {
      const token = randomBytes(18).toString('base64url');
      const file = path.join(directory, token);
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > options.maxBytes) callback(new RangeError(`the file is over ${options.maxBytes} bytes`));
          else callback(null, chunk);
        },
      });
      try {
        await pipeline(request.raw, counter, createWriteStream(file));
      } catch (error) {
        rmSync(file, { force: true });
        if (error instanceof RangeError) return reply.code(413).send({ error: error.message });
        throw error;
      }
      const contentType = request.headers['content-type'] ?? 'application/octet-stream';
      files.set(token, { file, contentType, size });
      const base = options.publicUrl ?? `${request.protocol}://${request.headers.host}`;
      return reply.code(201).send({ url: `${base.replace(/\/$/, '')}${FILE_DROP_PATH}/${token}`, size });
    });
  });

  app.get<{ Params: { token: string } }>(`${FILE_DROP_PATH}/:token`, async (request, reply) => {
    const stored = files.get(request.params.token);
    if (!stored || !statSync(stored.file, { throwIfNoEntry: false })) {
      return reply.code(404).send({ error: 'no such file' });
    }
    return reply
      .header('content-type', stored.contentType)
      .header('content-length', stored.size)
      .send(createReadStream(stored.file));
  });

  app.addHook('onClose', async () => {
    if (temporary) rmSync(directory, { recursive: true, force: true });
  });
}
