import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { streamedForm } from './streamed-form.js';
import { sendStreamed } from './streamed-upload.js';

/** A file of `size` bytes produced 64 kB at a time, never held whole. */
function lazyFile(size: number) {
  return () =>
    Readable.from(
      (function* () {
        for (let sent = 0; sent < size; sent += 65_536) yield Buffer.alloc(Math.min(65_536, size - sent), 7);
      })(),
    );
}

describe('streamedForm', () => {
  it('builds a body that multipart readers parse, with an exact Content-Length', async () => {
    const file = Buffer.from('hello, file');
    const form = streamedForm({ description: 'A "quoted" description' }, [
      {
        name: 'file',
        fileName: 'a.txt',
        mimeType: 'text/plain',
        size: file.length,
        stream: () => Readable.from([file]),
      },
    ]);
    const chunks: Uint8Array[] = [];
    for await (const chunk of form.body) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    expect(bytes.length).toBe(form.contentLength);
    const parsed = await new Response(bytes, { headers: { 'content-type': form.contentType } }).formData();
    expect(parsed.get('description')).toBe('A "quoted" description');
    const part = parsed.get('file') as File;
    expect(part.name).toBe('a.txt');
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('hello, file');
  });

  it('sends a 150 MB file without holding it in memory', async () => {
    const size = 150 * 1024 * 1024;
    let received = 0;
    const server = createServer((request, response) => {
      request.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      request.on('end', () => response.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const form = streamedForm({}, [
      { name: 'file', fileName: 'big.mp4', mimeType: 'video/mp4', size, stream: lazyFile(size) },
    ]);
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 5);
    try {
      const answer = await sendStreamed(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
        method: 'POST',
        headers: { 'content-type': form.contentType, 'content-length': String(form.contentLength) },
        body: form.body,
      });
      expect(answer.text).toBe('ok');
    } finally {
      clearInterval(sampler);
      server.close();
    }
    expect(received).toBe(form.contentLength);
    // A buffered upload would need the whole 150 MB at once.
    expect(peak).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses to send a file whose size changed', async () => {
    const form = streamedForm({}, [
      {
        name: 'file',
        fileName: 'a',
        mimeType: 'text/plain',
        size: 10,
        stream: () => Readable.from([Buffer.from('short')]),
      },
    ]);
    const drain = async () => {
      for await (const _chunk of form.body) {
        // reading is the test
      }
    };
    await expect(drain()).rejects.toThrow(/not the 10 expected/);
  });
});
