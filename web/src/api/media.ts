import { api, wsPath } from './client';
import type { Media } from './types';

export function uploadMedia(workspaceId: string, file: File, altText = ''): Promise<Media> {
  const form = new FormData();
  // Text fields first: a streaming multipart parser sees them before the file.
  form.append('altText', altText);
  form.append('file', file, file.name);
  return api<Media>('POST', wsPath(workspaceId, '/media'), form);
}

export function updateAltText(workspaceId: string, mediaId: string, altText: string): Promise<Media> {
  return api<Media>('PATCH', wsPath(workspaceId, `/media/${encodeURIComponent(mediaId)}`), { altText });
}
