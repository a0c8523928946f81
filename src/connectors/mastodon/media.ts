import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishMedia } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { streamedForm } from '../kit/streamed-form.js';
import { sendStreamed } from '../kit/streamed-upload.js';
import { classifyFailure, errorFromAnswer, NETWORK_NAME, nothingPublished } from './errors.js';
import type { MastoCalls, MastodonTransport } from './instance.js';

const POLL_INTERVAL_MS = 1000;

/**
 * Uploads one attachment with POST /api/v2/media, streaming the file. masto's own upload takes a
 * Blob, which for a file that is not already one means holding it whole in memory (and Node 20's
 * fetch buffers streamed bodies too); this request is the one place the connector speaks HTTP
 * itself. Video (and GIF) come back 202 with `url: null`: the connector polls GET /api/v1/media/:id
 * through masto until the url is set.
 */
export async function uploadAttachment(
  transport: MastodonTransport,
  masto: MastoCalls,
  account: { server: string; accessToken: string },
  media: PublishMedia,
  position: number,
): Promise<string> {
  const action = `uploading attachment ${position}`;
  const fields: Record<string, string> = {};
  if (media.altText.trim()) fields.description = media.altText.trim();
  const form = streamedForm(fields, [
    {
      name: 'file',
      fileName: media.fileName,
      mimeType: media.mimeType,
      size: media.size,
      stream: () => media.stream(),
    },
  ]);
  let status: number;
  let headers: Headers;
  let body: { id?: string; url?: string | null; error?: string } = {};
  try {
    const answer = await sendStreamed(`${account.server}/api/v2/media`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${account.accessToken}`,
        accept: 'application/json',
        'content-type': form.contentType,
        'content-length': String(form.contentLength),
      },
      body: form.body,
      signal: AbortSignal.timeout(transport.uploadTimeoutMs),
    });
    status = answer.status;
    headers = answer.headers;
    body = parseAnswer(answer.text);
  } catch (error) {
    throw nothingPublished(classifyFailure(error, action, transport.now()));
  }
  if (status < 200 || status >= 300) {
    throw errorFromAnswer({ status, headers, message: body.error }, action, transport.now());
  }
  if (!body.id)
    throw new ConnectorError('transient', `${NETWORK_NAME} accepted attachment ${position} but named no id`);
  if (!body.url) await waitUntilProcessed(transport, masto, body.id, action);
  return body.id;
}

function parseAnswer(text: string): { id?: string; url?: string | null; error?: string } {
  try {
    return JSON.parse(text) as { id?: string; url?: string | null; error?: string };
  } catch (error) {
    // An HTML error page from a proxy: keep its start as the message.
    if (error instanceof SyntaxError) return { error: text.slice(0, 300) };
    throw error;
  }
}

async function waitUntilProcessed(
  transport: MastodonTransport,
  masto: MastoCalls,
  id: string,
  action: string,
): Promise<void> {
  const deadline = transport.now() + transport.mediaProcessingTimeoutMs;
  while (transport.now() < deadline) {
    await sleep(POLL_INTERVAL_MS);
    let attachment: { url?: string | null };
    try {
      attachment = await masto.call((client) => client.v1.media.$select(id).fetch());
    } catch (error) {
      throw nothingPublished(classifyFailure(error, action, transport.now()));
    }
    if (attachment.url) return;
  }
  throw new ConnectorError(
    'transient',
    `${NETWORK_NAME} was still processing the attachment after ${Math.round(transport.mediaProcessingTimeoutMs / 1000)} s (${action}); nothing was published`,
  );
}
