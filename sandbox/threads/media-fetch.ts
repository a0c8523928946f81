import { inspectMedia, type MediaFacts } from '../common/media-inspection.js';

/** What came back from fetching a media URL, as Threads' ingest sees it. */
export type FetchedMedia =
  | { ok: true; size: number; contentType: string; facts: MediaFacts }
  | { ok: false; reason: 'unreachable' | 'http_error' | 'too_large'; detail: string };

/** Bytes kept for inspection: enough for image headers and a `moov` box written first. */
const HEAD_BYTES = 1_000_000;

/**
 * Fetches `url` the way Threads does ("We will cURL your image using the URL provided"), counting
 * the bytes as they stream and keeping only the head for inspection, so a 1 GB video never sits in
 * memory.
 */
export async function fetchMedia(url: string, options: { maxBytes: number; timeoutMs: number }): Promise<FetchedMedia> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'follow' });
  } catch (error) {
    return { ok: false, reason: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return { ok: false, reason: 'http_error', detail: `the media URL answered ${response.status}` };
  }
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > options.maxBytes) {
        await reader.cancel();
        return { ok: false, reason: 'too_large', detail: `the file is over ${options.maxBytes} bytes` };
      }
      if (headBytes < HEAD_BYTES) {
        head.push(Buffer.from(value));
        headBytes += value.byteLength;
      }
    }
  } catch (error) {
    return { ok: false, reason: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
  }
  return {
    ok: true,
    size,
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    facts: inspectMedia(Buffer.concat(head)),
  };
}
