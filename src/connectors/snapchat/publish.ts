import { createCipheriv, randomBytes } from 'node:crypto';
import type { AccountSession, PublishMedia, PublishRequest, PublishResult } from '../kit/connector.js';
import { ConnectorError, isConnectorError } from '../kit/errors.js';
import { beforePublishing, callSnapchat, type SnapchatTransport } from './api-client.js';
import { connectedAccount, parseCredentials, type SnapchatCredentials } from './credentials.js';
import { NETWORK_NAME } from './errors.js';
import type { SnapchatOAuth } from './oauth.js';
import { placementOf } from './placement.js';

/** Snap takes the encrypted file in parts of at most 32 MB. */
export const PART_BYTES = 32 * 1024 * 1024;
const EXPIRY_MARGIN_MS = 2 * 60_000;

export interface PublishDependencies {
  transport: SnapchatTransport;
  oauth: SnapchatOAuth;
  webUrl: string;
  partBytes?: number;
}

/** The access token for one call sequence: refreshed up front when close to its 30 minutes, or once after a 401. */
class SessionTokens {
  private credentials: SnapchatCredentials;
  private refreshed = false;

  constructor(
    private readonly session: AccountSession,
    private readonly deps: PublishDependencies,
  ) {
    this.credentials = parseCredentials(session.credentials);
  }

  get profileId(): string {
    return this.credentials.profileId;
  }

  async run<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    if (!this.refreshed && this.credentials.expiresAt - EXPIRY_MARGIN_MS <= this.deps.transport.now())
      await this.refresh();
    try {
      return await call(this.credentials.accessToken);
    } catch (error) {
      if (!isConnectorError(error) || error.status !== 401 || this.refreshed) throw error;
      await this.refresh();
      return call(this.credentials.accessToken);
    }
  }

  private async refresh(): Promise<void> {
    this.refreshed = true;
    const tokens = await beforePublishing(() => this.deps.oauth.refresh(this.credentials.refreshToken));
    this.credentials = { ...this.credentials, ...tokens };
    await this.session.saveCredentials(connectedAccount(this.credentials, this.deps.webUrl));
  }
}

/**
 * Posts one image or video to the account's Public Profile: encrypt it with a fresh AES-256-CBC key
 * and IV, create the media object, upload the ciphertext in ≤ 32 MB parts (INIT, ADD…, FINALIZE),
 * then post it as a Story, Saved Story or Spotlight. Only the last call can publish; it is made once.
 */
export async function publishToProfile(
  deps: PublishDependencies,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const tokens = new SessionTokens(session, deps);
  const media = request.media[0];
  if (!media || request.media.length > 1)
    throw new ConnectorError('invalid_content', `A ${NETWORK_NAME} post is exactly one image or video`);
  const placement = placementOf(request.options);
  const base = `/v1/public_profiles/${encodeURIComponent(tokens.profileId)}`;

  const mediaId = await beforePublishing(() => uploadEncrypted(deps, tokens, base, media));
  const path = { story: 'stories', saved_story: 'saved_stories', spotlight: 'spotlights' }[placement];
  const body: Record<string, unknown> = { media_id: mediaId };
  if (placement === 'spotlight' && request.text.trim()) body.description = request.text.trim();
  if (placement === 'saved_story' && request.title) body.title = request.title;
  const answer = await tokens.run((accessToken) =>
    callSnapchat(deps.transport, {
      method: 'POST',
      path: `${base}/${path}`,
      accessToken,
      json: body,
      action: `posting the ${placement.replace('_', ' ')}`,
    }),
  );
  const postId = firstId(answer);
  if (!postId)
    throw new ConnectorError('unknown_outcome', `${NETWORK_NAME} accepted the post but named no id`, {
      networkMessage: JSON.stringify(answer)?.slice(0, 500),
    });
  const username = parseCredentials(session.credentials).username;
  // Snap gives no per-post web address through this API; the profile is where people find it.
  return { remoteId: postId, permalink: `${deps.webUrl}/add/${username}` };
}

async function uploadEncrypted(
  deps: PublishDependencies,
  tokens: SessionTokens,
  base: string,
  media: PublishMedia,
): Promise<string> {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const created = await tokens.run((accessToken) =>
    callSnapchat(deps.transport, {
      method: 'POST',
      path: `${base}/media`,
      accessToken,
      json: {
        type: media.kind === 'video' ? 'VIDEO' : 'IMAGE',
        name: media.fileName,
        key: key.toString('base64'),
        iv: iv.toString('base64'),
      },
      action: 'creating the media',
    }),
  );
  const mediaId = (created as { media_id?: unknown }).media_id;
  if (typeof mediaId !== 'string')
    throw new ConnectorError('transient', `${NETWORK_NAME} created the media without an id`);
  const uploadPath = `${base}/media/${encodeURIComponent(mediaId)}/multipart-upload`;
  const step = (fields: Record<string, string>, part?: Buffer) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (part)
      form.append(
        'file',
        new Blob([new Uint8Array(part)], { type: 'application/octet-stream' }),
        `${media.fileName}.enc`,
      );
    return tokens.run((accessToken) =>
      callSnapchat(deps.transport, {
        method: 'POST',
        path: uploadPath,
        accessToken,
        form,
        action: `uploading the media (${fields.action})`,
      }),
    );
  };
  await step({ action: 'INIT' });
  let partNumber = 0;
  for await (const part of encryptedParts(media, key, iv, deps.partBytes ?? PART_BYTES)) {
    partNumber += 1;
    await step({ action: 'ADD', part_number: String(partNumber) }, part);
  }
  await step({ action: 'FINALIZE' });
  return mediaId;
}

/** The file encrypted as it streams, cut into parts: one part in memory at a time, never the whole file. */
export async function* encryptedParts(
  media: PublishMedia,
  key: Buffer,
  iv: Buffer,
  partBytes: number,
): AsyncGenerator<Buffer> {
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = (bytes: Buffer) => {
    pending.push(bytes);
    pendingBytes += bytes.length;
  };
  for await (const chunk of media.stream()) {
    take(cipher.update(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)));
    while (pendingBytes >= partBytes) {
      const joined = Buffer.concat(pending);
      yield joined.subarray(0, partBytes);
      pending = [joined.subarray(partBytes)];
      pendingBytes = joined.length - partBytes;
    }
  }
  take(cipher.final());
  const rest = Buffer.concat(pending);
  for (let offset = 0; offset < rest.length; offset += partBytes) yield rest.subarray(offset, offset + partBytes);
}

/** Snap wraps results as `{stories: [{sub_request_status, story: {id}}]}`; the id is found wherever it sits. */
function firstId(answer: unknown): string | undefined {
  for (const value of Object.values((answer ?? {}) as Record<string, unknown>)) {
    if (!Array.isArray(value)) continue;
    for (const entry of value as Array<Record<string, unknown>>) {
      for (const inner of Object.values(entry ?? {})) {
        const id = (inner as { id?: unknown } | null)?.id;
        if (typeof id === 'string') return id;
      }
    }
  }
  return undefined;
}
