import sharp from 'sharp';
import { graphErrors } from './graph-errors.js';
import { type GraphCall, GraphFailure, type GraphRouter } from './graph-router.js';
import type { FeedPost, GraphState, SandboxPhoto } from './state.js';
import { targetingProblems } from './targeting-rules.js';

export interface PageRouteOptions {
  state: GraphState;
  /** Where clients reach the emulator, for the URLs it hands out. */
  publicUrl: () => string;
  version: string;
  /** How long a finished reel takes to process before it is ready. */
  videoProcessingMs: number;
  now: () => number;
}

const PUBLISH = {
  scopes: ['pages_manage_posts', 'pages_read_engagement'],
  pageToken: true,
  permissionMessage:
    '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission',
};
const READ_PAGE = { scopes: ['pages_show_list'] };

/** Facebook Login's account listing, the Page node, and publishing to a Page: feed, photos, reels. */
export function registerPageRoutes(router: GraphRouter, options: PageRouteOptions): void {
  const { state, now } = options;
  const permalink = (postId: string) => `${options.publicUrl()}/web/facebook/posts/${postId}`;

  router.on('User', 'GET', undefined, { scopes: [] }, (call) => {
    const person = state.people.get(call.id);
    return pick({ id: call.id, name: person?.name }, call.params.fields, ['id', 'name']);
  });

  router.on('User', 'GET', 'accounts', READ_PAGE, (call) => {
    const userToken = call.grant;
    const pages = call.grant.pageIds.map((id) => state.pages.get(id)).filter((page) => page !== undefined);
    const data = pages.map((page) => {
      // A Page token from a long-lived user token does not expire; from a short-lived one it lasts as long.
      const expiresAt = userToken.kind === 'user_long' ? undefined : userToken.expiresAt;
      const token = state.issueToken({ ...userToken, kind: 'page', pageId: page.id, expiresAt });
      const instagram = page.instagramId ? state.instagram.get(page.instagramId) : undefined;
      const full = {
        id: page.id,
        name: page.name,
        access_token: token.token,
        category: 'Beverage Company',
        instagram_business_account: instagram && {
          id: instagram.id,
          username: instagram.username,
          name: instagram.name,
        },
      };
      return pick(full, call.params.fields, ['id', 'name', 'access_token', 'category']);
    });
    return { data, paging: { cursors: { before: 'MAZDZD', after: 'MAZDZD' } } };
  });

  router.on('Page', 'GET', undefined, READ_PAGE, (call) => {
    const page = state.pages.get(call.id);
    const instagram = page?.instagramId ? state.instagram.get(page.instagramId) : undefined;
    const full = {
      id: call.id,
      name: page?.name,
      link: `${options.publicUrl()}/web/facebook/${call.id}`,
      instagram_business_account: instagram && { id: instagram.id, username: instagram.username },
    };
    return pick(full, call.params.fields, ['id', 'name']);
  });

  router.on('Page', 'GET', 'feed', { scopes: ['pages_read_engagement'] }, (call) => {
    const limit = Math.min(100, Number(call.params.limit ?? 25) || 25);
    const newest = [...state.posts.values()]
      .filter((post) => post.pageId === call.id)
      .reverse()
      .slice(0, limit);
    const data = newest.map((post) =>
      pick(
        {
          id: post.id,
          message: post.message,
          created_time: graphTime(post.createdTime),
          permalink_url: permalink(post.id),
        },
        call.params.fields,
        ['id', 'message', 'created_time'],
      ),
    );
    return { data, paging: {} };
  });

  router.on('Page', 'POST', 'feed', PUBLISH, (call) => {
    const { message = '', link } = call.params;
    const mediaIds = parseAttachedMedia(call.params.attached_media);
    for (const mediaId of mediaIds) {
      const photo = state.photos.get(mediaId);
      if (!photo || photo.pageId !== call.id || photo.published || photo.postId) {
        throw new GraphFailure(
          graphErrors.invalidParameter(`attached_media: ${mediaId} is not an unpublished photo of this Page`),
        );
      }
    }
    if (message.trim() === '' && !link && mediaIds.length === 0) {
      throw new GraphFailure(
        graphErrors.invalidParameter('The post is empty: give a message, a link or attached media'),
      );
    }
    refuseDuplicate(state, call.id, message, link);
    const post = createPost(
      state,
      {
        pageId: call.id,
        kind: mediaIds.length > 0 ? 'album' : link ? 'link' : 'status',
        message,
        link,
        photoIds: mediaIds,
        ...parseTargeting(call),
      },
      now(),
    );
    for (const mediaId of mediaIds) attachPhoto(state, mediaId, post.id);
    return { id: post.id };
  });

  router.on('Page', 'POST', 'photos', PUBLISH, async (call) => {
    const file = call.files.source;
    if (!file && !call.params.url)
      throw new GraphFailure(graphErrors.invalidParameter('(#324) Requires upload file', 324));
    if (!file)
      throw new GraphFailure(graphErrors.invalidParameter('The sandbox cannot fetch url=; upload the photo as source'));
    const metadata = await sharp(file.bytes)
      .metadata()
      .catch((error: unknown) => {
        // Bytes no image decoder reads are what Meta calls an invalid image file.
        throw new GraphFailure(
          graphErrors.invalidParameter(`(#324) Missing or invalid image file (${String(error)})`, 324),
        );
      });
    if (!metadata.format)
      throw new GraphFailure(graphErrors.invalidParameter('(#324) Missing or invalid image file', 324));
    const published = call.params.published === undefined || /^(true|1)$/i.test(call.params.published);
    const photo: SandboxPhoto = {
      id: state.nextId(),
      pageId: call.id,
      mimeType: file.mimeType,
      size: file.bytes.byteLength,
      width: metadata.width,
      height: metadata.height,
      published,
      altText: call.params.alt_text_custom,
    };
    state.photos.set(photo.id, photo);
    state.photoBytes.set(photo.id, file.bytes);
    if (!published) {
      state.changed();
      return { id: photo.id };
    }
    const message = call.params.message ?? call.params.caption ?? '';
    const post = createPost(
      state,
      { pageId: call.id, kind: 'photo', message, photoIds: [photo.id], ...parseTargeting(call) },
      now(),
    );
    attachPhoto(state, photo.id, post.id);
    return { id: photo.id, post_id: post.id };
  });

  router.on('Page', 'POST', 'video_reels', { ...PUBLISH, scopes: [...PUBLISH.scopes, 'publish_video'] }, (call) => {
    const phase = (call.params.upload_phase ?? '').toLowerCase();
    if (phase === 'start') {
      const id = state.nextId();
      state.videos.set(id, { id, pageId: call.id, receivedBytes: 0, phase: 'not_started' });
      state.changed();
      return { video_id: id, upload_url: `${options.publicUrl()}/video-upload/${options.version}/${id}` };
    }
    const video = state.videos.get(call.params.video_id ?? '');
    if (!video || video.pageId !== call.id)
      throw new GraphFailure(graphErrors.invalidParameter('video_id is not a reel upload of this Page'));
    if (video.phase !== 'uploaded') {
      throw new GraphFailure(
        graphErrors.invalidParameter(
          'The video has not been uploaded: upload its bytes before upload_phase=finish',
          1363130,
        ),
      );
    }
    const post = createPost(
      state,
      {
        pageId: call.id,
        kind: 'video',
        message: call.params.description ?? '',
        photoIds: [],
        videoId: video.id,
        ...parseTargeting(call),
      },
      now(),
    );
    video.phase = 'processing';
    video.readyAt = now() + options.videoProcessingMs;
    video.postId = post.id;
    state.changed();
    return { success: true };
  });

  router.on('AdVideo', 'GET', undefined, READ_PAGE, (call) => {
    const video = state.videos.get(call.id);
    if (video?.phase === 'processing' && video.readyAt !== undefined && video.readyAt <= now()) video.phase = 'ready';
    const uploaded = video && video.phase !== 'not_started';
    const full = {
      id: call.id,
      post_id: video?.postId,
      permalink_url: video?.postId && permalink(video.postId),
      status: {
        video_status:
          video?.phase === 'ready' ? 'ready' : video?.phase === 'not_started' ? 'upload_pending' : 'processing',
        uploading_phase: {
          status: uploaded ? 'complete' : 'not_started',
          bytes_transferred: video?.receivedBytes ?? 0,
        },
        processing_phase: {
          status: video?.phase === 'ready' ? 'complete' : video?.phase === 'processing' ? 'in_progress' : 'not_started',
        },
        publishing_phase: {
          status: video?.phase === 'ready' ? 'complete' : 'not_started',
          publish_status: video?.phase === 'ready' ? 'published' : 'not_published',
        },
      },
    };
    return pick(full, call.params.fields, ['id']);
  });

  router.on('Photo', 'GET', undefined, READ_PAGE, (call) => {
    const photo = state.photos.get(call.id);
    const source = `${options.publicUrl()}/_media/${call.id}.jpg`;
    const full = {
      id: call.id,
      width: photo?.width,
      height: photo?.height,
      images: [{ source, width: photo?.width, height: photo?.height }],
      link: photo?.postId ? permalink(photo.postId) : source,
      alt_text_custom: photo?.altText,
    };
    return pick(full, call.params.fields, ['id']);
  });

  router.on('PagePost', 'GET', undefined, { scopes: ['pages_read_engagement'] }, (call) => {
    const post = state.posts.get(call.id) as FeedPost;
    const engagement = state.engagementOf(post.id);
    const comments = state.threadOf(post.id).length;
    const full = {
      id: post.id,
      message: post.message,
      created_time: graphTime(post.createdTime),
      permalink_url: permalink(post.id),
      targeting: post.targeting,
      feed_targeting: post.feedTargeting,
      shares: { count: engagement.shares },
      comments: { data: [], summary: { order: 'chronological', total_count: comments, can_comment: true } },
      reactions: { data: [], summary: { total_count: engagement.reactions, viewer_reaction: 'NONE' } },
    };
    return pick(full, call.params.fields, ['id', 'message', 'created_time']);
  });
}

/** Keeps only the fields asked for (`fields=a,b{c}` → a, b), or the node's default fields. */
export function pick(
  full: Record<string, unknown>,
  fields: string | undefined,
  defaults: string[],
): Record<string, unknown> {
  const names = fields ? fields.split(/,(?![^{(]*[})])/).map((name) => name.trim().split(/[.{(]/)[0] ?? '') : defaults;
  const picked: Record<string, unknown> = { id: full.id };
  for (const name of names) if (full[name] !== undefined) picked[name] = full[name];
  return picked;
}

/** Meta's time format: `2026-11-26T07:00:00+0000`. */
export function graphTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function parseAttachedMedia(value: string | undefined): string[] {
  if (value === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new GraphFailure(graphErrors.invalidParameter('attached_media must be a JSON array'));
    throw error;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((entry) => {
    const id = typeof entry === 'object' && entry !== null ? (entry as { media_fbid?: unknown }).media_fbid : undefined;
    if (typeof id !== 'string' && typeof id !== 'number')
      throw new GraphFailure(graphErrors.invalidParameter('attached_media entries need a media_fbid'));
    return String(id);
  });
}

function parseTargeting(call: GraphCall): {
  targeting?: Record<string, unknown>;
  feedTargeting?: Record<string, unknown>;
} {
  const result: { targeting?: Record<string, unknown>; feedTargeting?: Record<string, unknown> } = {};
  for (const kind of ['targeting', 'feed_targeting'] as const) {
    const raw = call.params[kind];
    if (raw === undefined) continue;
    const spec = JSON.parse(raw) as Record<string, unknown>; // the spec check already made sure it parses to an object
    const problems = targetingProblems(kind, spec);
    if (problems.length > 0)
      throw new GraphFailure(graphErrors.invalidParameter(`Invalid ${kind} spec: ${problems.join('; ')}`, 1487756));
    if (kind === 'targeting') result.targeting = spec;
    else result.feedTargeting = spec;
  }
  return result;
}

/** Meta refuses a post identical to the Page's previous one with code 506. */
function refuseDuplicate(state: GraphState, pageId: string, message: string, link: string | undefined): void {
  const previous = [...state.posts.values()].filter((post) => post.pageId === pageId).at(-1);
  if (previous && message !== '' && previous.message === message && previous.link === link) {
    throw new GraphFailure(graphErrors.duplicatePost());
  }
}

function createPost(state: GraphState, fields: Omit<FeedPost, 'id' | 'createdTime'>, now: number): FeedPost {
  const post: FeedPost = { ...fields, id: `${fields.pageId}_${state.nextId()}`, createdTime: now };
  state.posts.set(post.id, post);
  state.changed();
  return post;
}

function attachPhoto(state: GraphState, photoId: string, postId: string): void {
  const photo = state.photos.get(photoId);
  if (photo) photo.postId = postId;
  state.changed();
}
