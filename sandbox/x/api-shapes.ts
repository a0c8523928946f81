import type { SandboxMedia, SandboxPost, SandboxUser, XSandboxState } from './state.js';

/** Reads a comma-separated field list (`post.fields=created_at,public_metrics`). */
export function fieldList(value: unknown): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return new Set(text.split(',').filter(Boolean));
}

export function mediaUrl(publicUrl: string, media: SandboxMedia): string {
  return `${publicUrl}/_emulator/media/${media.id}`;
}

export function avatarUrl(publicUrl: string, user: SandboxUser): string {
  return `${publicUrl}/_emulator/avatars/${user.id}.svg`;
}

/** X's media type names: photo, animated_gif, video. */
function mediaType(media: SandboxMedia): string {
  if (media.category.endsWith('gif')) return 'animated_gif';
  if (media.category.endsWith('image')) return 'photo';
  return 'video';
}

/**
 * The created post as POST /2/tweets returns it. The OpenAPI document names the edit history
 * `edit_history_post_ids`; the live API and older SDKs use `edit_history_tweet_ids`, so both are sent.
 */
export function createdPostBody(post: SandboxPost) {
  return {
    data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id], edit_history_post_ids: [post.id] },
  };
}

export function postObject(
  post: SandboxPost,
  fields: Set<string>,
  expansions: Set<string>,
  state: XSandboxState,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id: post.id,
    text: post.text,
    edit_history_tweet_ids: [post.id],
    edit_history_post_ids: [post.id],
  };
  if (fields.has('created_at')) data.created_at = post.createdAt;
  if (fields.has('conversation_id')) data.conversation_id = post.id;
  if (fields.has('attachments') && post.mediaIds.length > 0) {
    data.attachments = {
      media_keys: post.mediaIds.map((id) => state.media.get(id)?.mediaKey).filter((key) => key !== undefined),
    };
  }
  if (fields.has('public_metrics')) {
    data.public_metrics = {
      retweet_count: 0,
      reply_count: 0,
      like_count: 0,
      quote_count: 0,
      bookmark_count: 0,
      impression_count: 0,
    };
  }
  if (expansions.has('author_id')) data.author_id = post.authorId;
  return data;
}

export function mediaObject(media: SandboxMedia, fields: Set<string>, publicUrl: string): Record<string, unknown> {
  const data: Record<string, unknown> = { media_key: media.mediaKey, type: mediaType(media) };
  if (fields.has('url') && mediaType(media) === 'photo') data.url = mediaUrl(publicUrl, media);
  if (fields.has('alt_text') && media.altText !== undefined) data.alt_text = media.altText;
  return data;
}

export function userObject(
  user: SandboxUser,
  fields: Set<string>,
  context: { publicUrl: string; postCount: number },
): Record<string, unknown> {
  const data: Record<string, unknown> = { id: user.id, name: user.name, username: user.username };
  if (fields.has('created_at')) data.created_at = user.createdAt;
  if (fields.has('description')) data.description = user.description;
  if (fields.has('profile_image_url')) data.profile_image_url = avatarUrl(context.publicUrl, user);
  if (fields.has('protected')) data.protected = false;
  if (fields.has('verified')) data.verified = false;
  if (fields.has('url')) data.url = '';
  if (fields.has('public_metrics')) {
    data.public_metrics = {
      followers_count: 0,
      following_count: 0,
      tweet_count: context.postCount,
      listed_count: 0,
      like_count: 0,
      media_count: 0,
    };
  }
  return data;
}
