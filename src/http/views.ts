import type { Account, Attempt, Media } from '../core/model.js';
import type { Segment } from '../core/segment.js';
import type { ManualBundleView } from '../services/manual-posting.service.js';
import type { CreatedPost, PostView, PublicationView } from '../services/posts.service.js';
import type { Alert } from '../store/repositories/alerts.repository.js';

/** Entity → JSON: times become ISO strings, internals (storage keys, claims) stay inside. */

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function accountJson(account: Account) {
  return {
    id: account.id,
    network: account.network,
    environment: account.environment,
    remoteId: account.remoteId,
    handle: account.handle,
    displayName: account.displayName,
    profileUrl: account.profileUrl,
    avatarUrl: account.avatarUrl,
    state: account.state,
    timeZone: account.timeZone,
    createdAt: iso(account.createdAt),
  };
}

export function mediaJson(media: Media) {
  return {
    id: media.id,
    fileName: media.fileName,
    mimeType: media.mimeType,
    size: media.size,
    width: media.width,
    height: media.height,
    altText: media.altText,
    url: `/api/workspaces/${media.workspaceId}/media/${media.id}/content`,
    createdAt: iso(media.createdAt),
  };
}

export function publicationJson(publication: PublicationView) {
  return {
    id: publication.id,
    postId: publication.postId,
    variantId: publication.variantId,
    accountId: publication.accountId,
    network: publication.network,
    environment: publication.environment,
    accountHandle: publication.accountHandle,
    state: publication.state,
    dueAt: iso(publication.dueAt),
    nextAttemptAt: iso(publication.nextAttemptAt),
    startedAt: isoOrNull(publication.startedAt),
    publishedAt: isoOrNull(publication.publishedAt),
    remoteId: publication.remoteId,
    permalink: publication.permalink,
    late: publication.late,
    attempts: publication.attemptCount,
    failure: publication.failure,
  };
}

export function postJson(post: PostView) {
  return {
    id: post.id,
    text: post.text,
    mediaIds: post.mediaIds,
    scheduledAt: isoOrNull(post.scheduledAt),
    timeZone: post.timeZone,
    campaignId: post.campaignId,
    createdAt: iso(post.createdAt),
    variants: post.variants.map((variant) => ({
      id: variant.id,
      network: variant.network,
      text: variant.text,
      segmentId: variant.segmentId,
      title: variant.title,
      link: variant.link,
      options: variant.options,
    })),
    publications: post.publications.map(publicationJson),
  };
}

export function createdPostJson(post: CreatedPost) {
  const adjustment = post.scheduleAdjustment;
  return {
    ...postJson(post),
    ...(adjustment ? { scheduleAdjustment: { ...adjustment, at: iso(adjustment.at) } } : {}),
  };
}

export function manualBundleJson(bundle: ManualBundleView) {
  const base = `/api/workspaces/${bundle.workspaceId}/publications/${bundle.publicationId}/manual/files`;
  return {
    reason: bundle.reason,
    network: bundle.network,
    displayName: bundle.displayName,
    accountHandle: bundle.accountHandle,
    text: bundle.text,
    steps: bundle.steps,
    postUrl: bundle.postUrl,
    files: bundle.files.map((file) => ({
      fileName: file.fileName,
      mimeType: file.mimeType,
      size: file.size,
      url: `${base}/${file.index}`,
    })),
  };
}

export function alertJson(alert: Alert) {
  return {
    id: alert.id,
    kind: alert.kind,
    accountId: alert.accountId,
    publicationId: alert.publicationId,
    message: alert.message,
    createdAt: iso(alert.createdAt),
  };
}

export function attemptJson(attempt: Attempt) {
  return {
    number: attempt.number,
    startedAt: iso(attempt.startedAt),
    endedAt: isoOrNull(attempt.endedAt),
    outcome: attempt.outcome,
    errorClass: attempt.errorClass,
    errorMessage: attempt.errorMessage,
    networkResponse: attempt.networkResponse,
  };
}

export function segmentJson(segment: Segment) {
  return { id: segment.id, name: segment.name, audience: segment.audience, createdAt: iso(segment.createdAt) };
}
