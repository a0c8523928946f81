import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StreamedAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Sends a large body with node:http, chunk by chunk as the socket drains. Node 20's fetch reads a
 * streamed request body ahead of the socket, so a 150 MB upload through it would sit in memory;
 * this keeps only a few chunks in flight. The answer (small: JSON or an error) is read whole.
 */
export async function sendStreamed(
  url: string,
  init: {
    method: 'POST' | 'PUT';
    headers: Record<string, string>;
    body: AsyncIterable<Uint8Array>;
    signal?: AbortSignal;
  },
): Promise<StreamedAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const outgoing = send(target, { method: init.method, headers: init.headers, signal: init.signal });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    outgoing.once('response', resolve);
    outgoing.once('error', reject);
  });
  // The server may answer (an error) before taking the whole body: that answer is what counts. A
  // body that fails on its own side (a file that changed size) is the reason to report.
  let bodyFailure: unknown;
  const sent = pipeline(Readable.from(init.body), outgoing).catch((error: unknown) => {
    bodyFailure = error;
  });
  const response = await answered.catch(async (error: unknown) => {
    await sent;
    throw bodyFailure ?? error;
  });
  await sent;
  if (bodyFailure !== undefined && (response.statusCode ?? 0) < 400) throw bodyFailure;
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return { status: response.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') };
}
