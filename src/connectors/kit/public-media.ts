import { Readable } from 'node:stream';
import type { PublishMedia } from './connector.js';
import { ConnectorError, classifyFetchFailure, isConnectorError } from './errors.js';

/**
 * Puts media where a network can fetch it. Some networks take no upload and fetch each image or video
 * from a public URL instead (Threads' `image_url` and `video_url`); a connector for such a network is
 * given one of these. Live, it needs a public address for Crier's media; in the sandbox it is the
 * emulator's file drop.
 */
export interface PublicMediaUrls {
  /** Makes the media fetchable and returns its URL, valid for at least the next hour. */
  publish(media: PublishMedia): Promise<string>;
}

/**
 * The file drop an emulator offers beside its API (`POST {base}/_emulator/files`): the bytes stream
 * there from the media library, never whole in memory, and the emulator fetches them back over HTTP
 * as the network would from a public server.
 */
export function fileDropMediaUrls(input: {
  emulatorUrl: string;
  networkName: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): PublicMediaUrls {
  const send = input.fetch ?? globalThis.fetch;
  return {
    async publish(media) {
      const init: RequestInit & { duplex: 'half' } = {
        method: 'POST',
        headers: { 'content-type': media.mimeType, 'content-length': String(media.size) },
        body: Readable.toWeb(Readable.from(media.stream())) as ReadableStream<Uint8Array>,
        duplex: 'half',
        signal: AbortSignal.timeout(input.timeoutMs ?? 10 * 60_000),
      };
      let response: Response;
      try {
        response = await send(`${input.emulatorUrl.replace(/\/$/, '')}/_emulator/files`, init);
      } catch (error) {
        if (isConnectorError(error)) throw error;
        // Only the file host was reached for, so nothing was published either way.
        const failure = classifyFetchFailure(error, `${input.networkName} sandbox file drop`);
        throw new ConnectorError('transient', failure.message, {
          networkMessage: failure.networkMessage,
          cause: error,
        });
      }
      const url = response.status === 201 ? urlIn(await response.text()) : undefined;
      if (!url) {
        throw new ConnectorError(
          'transient',
          `The ${input.networkName} sandbox file drop answered ${response.status}`,
          {
            status: response.status,
          },
        );
      }
      return url;
    },
  };
}

function urlIn(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { url?: unknown };
    return typeof body.url === 'string' ? body.url : undefined;
  } catch (error) {
    // Not JSON: the caller reports the answer as unusable.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
