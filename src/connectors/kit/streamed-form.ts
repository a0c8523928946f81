import { randomBytes } from 'node:crypto';

/** One file part, streamed from its source when the request body is read. */
export interface StreamedFilePart {
  name: string;
  fileName: string;
  mimeType: string;
  size: number;
  stream(): NodeJS.ReadableStream;
}

export interface StreamedForm {
  contentType: string;
  contentLength: number;
  /** The bytes, produced as they are read: give it to `sendStreamed`. */
  body: AsyncIterable<Uint8Array>;
}

/**
 * A multipart/form-data body whose file parts stream from their source. Node's own FormData copies a
 * file that is not already a Blob into memory, so a 100 MB video would be held whole; this keeps
 * only a chunk at a time and still sends an exact Content-Length.
 */
export function streamedForm(fields: Record<string, string>, files: StreamedFilePart[]): StreamedForm {
  const boundary = `----crier${randomBytes(12).toString('hex')}`;
  const head = (disposition: string, type?: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`,
    );
  const textParts = Object.entries(fields).map(([name, value]) =>
    Buffer.concat([head(`name="${quote(name)}"`), Buffer.from(value), Buffer.from('\r\n')]),
  );
  const fileHeads = files.map((file) =>
    head(`name="${quote(file.name)}"; filename="${quote(file.fileName)}"`, file.mimeType),
  );
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const contentLength =
    textParts.reduce((total, part) => total + part.length, 0) +
    fileHeads.reduce((total, part, index) => total + part.length + (files[index]?.size ?? 0) + 2, 0) +
    tail.length;

  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield* textParts;
    for (const [index, file] of files.entries()) {
      yield fileHeads[index] ?? Buffer.alloc(0);
      let sent = 0;
      for await (const chunk of file.stream()) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
        sent += bytes.byteLength;
        yield bytes;
      }
      // A file that changed size would make the declared length a lie; stop rather than send it.
      if (sent !== file.size) throw new Error(`${file.fileName} was ${sent} bytes, not the ${file.size} expected`);
      yield Buffer.from('\r\n');
    }
    yield tail;
  }

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength,
    body: chunks(),
  };
}

function quote(value: string): string {
  return value.replace(/["\r\n\\]/g, '_');
}
