import type { AccountSession, PublishRequest, PublishResult } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { beforePublishing, callX, dataField, type XTransport } from './api-client.js';
import { NETWORK_NAME } from './errors.js';
import { setAltText, uploadImage } from './media.js';
import type { XOAuth } from './oauth.js';
import { SessionTokens } from './session-tokens.js';

export interface PublishDependencies {
  transport: XTransport;
  oauth: XOAuth;
  webUrl: string;
}

/**
 * Publishes one post: uploads each image and sets its alt text, then creates the post. Everything
 * before `POST /2/tweets` certainly publishes nothing; that call is made once and never repeated
 * when its outcome is unknown.
 */
export async function publishPost(
  deps: PublishDependencies,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const { transport } = deps;
  const tokens = new SessionTokens(session, deps.oauth, transport.now);

  const mediaIds = await beforePublishing(async () => {
    const ids: string[] = [];
    for (const [index, media] of request.media.entries()) {
      const position = index + 1;
      const bytes = await media.read();
      const mediaId = await tokens.run((accessToken) => uploadImage(transport, accessToken, media, bytes, position));
      const altText = media.altText.trim();
      if (altText.length > 0) {
        await tokens.run((accessToken) => setAltText(transport, accessToken, mediaId, altText, position));
      }
      ids.push(mediaId);
    }
    return ids;
  });

  // CreatePostsRequest admits no extra properties; `text` is always sent, even empty beside media.
  const body: { text: string; media?: { media_ids: string[] } } = { text: request.text };
  if (mediaIds.length > 0) body.media = { media_ids: mediaIds };
  const answer = await tokens.run((accessToken) =>
    callX(transport, { method: 'POST', path: '/2/tweets', accessToken, json: body, action: 'publishing the post' }),
  );

  const postId = dataField(answer.body, 'id');
  if (!postId || !/^\d{1,19}$/.test(postId)) {
    // X said yes but not which post: it exists, Crier cannot point at it.
    throw new ConnectorError(
      'unknown_outcome',
      `${NETWORK_NAME} accepted the post (${answer.status}) but its answer named no post id`,
      { status: answer.status, networkMessage: JSON.stringify(answer.body)?.slice(0, 500) },
    );
  }
  return {
    remoteId: postId,
    permalink: `${deps.webUrl.replace(/\/$/, '')}/${session.profile.handle}/status/${postId}`,
  };
}
