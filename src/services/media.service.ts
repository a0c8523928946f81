import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { invalidInput, notFound } from '../core/errors.js';
import type { Media } from '../core/model.js';
import type { MediaFiles } from '../store/media-files.js';
import type { MediaRepository } from '../store/repositories/media.repository.js';
import type { Clock } from './clock.js';

/** The largest image Crier accepts into the library; each network's own cap is checked per variant. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const MAX_ALT_TEXT = 2000;

const FORMAT_TO_MIME: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
};

export class MediaService {
  constructor(
    private readonly media: MediaRepository,
    private readonly files: MediaFiles,
    private readonly clock: Clock,
  ) {}

  /** Stores an image after reading it for real: the type comes from its bytes, never from the file name. */
  async upload(input: { workspaceId: string; fileName: string; bytes: Uint8Array; altText?: string }): Promise<Media> {
    if (input.bytes.byteLength === 0) throw invalidInput('The file is empty');
    if (input.bytes.byteLength > MAX_UPLOAD_BYTES) {
      throw invalidInput(
        `The file is ${input.bytes.byteLength} bytes; the largest accepted is ${MAX_UPLOAD_BYTES} bytes`,
      );
    }
    const metadata = await sharp(input.bytes)
      .metadata()
      .catch(() => undefined);
    const mimeType = metadata?.format ? FORMAT_TO_MIME[metadata.format] : undefined;
    if (!metadata || !mimeType) {
      throw invalidInput(`${input.fileName} is not an image Crier can publish (JPEG, PNG, GIF or WebP)`);
    }
    const altText = normalizeAltText(input.altText ?? '');
    const id = randomUUID();
    const storageKey = `${input.workspaceId}/${id}`;
    await this.files.write(storageKey, input.bytes);
    const media: Media = {
      id,
      workspaceId: input.workspaceId,
      fileName: sanitizeFileName(input.fileName),
      mimeType,
      size: input.bytes.byteLength,
      width: metadata.width ?? null,
      height: metadata.height ?? null,
      altText,
      storageKey,
      createdAt: this.clock.now(),
    };
    await this.media.insert(media);
    return media;
  }

  async get(workspaceId: string, id: string): Promise<Media> {
    const media = await this.media.find(workspaceId, id);
    if (!media) throw notFound('Media', id);
    return media;
  }

  async setAltText(workspaceId: string, id: string, altText: string): Promise<Media> {
    if (!(await this.media.setAltText(workspaceId, id, normalizeAltText(altText)))) throw notFound('Media', id);
    return this.get(workspaceId, id);
  }

  /** Loads the given media of a workspace in order; any id that is not there is an error naming it. */
  async findAll(workspaceId: string, ids: readonly string[]): Promise<Media[]> {
    const found = await this.media.findMany(workspaceId, ids);
    const missing = ids.filter((id) => !found.some((media) => media.id === id));
    if (missing.length > 0) throw invalidInput(`Unknown media: ${missing.join(', ')}`, { missing });
    return found;
  }

  read(media: Media): Promise<Uint8Array> {
    return this.files.read(media.storageKey);
  }

  stream(media: Media, range?: { start: number; end: number }) {
    return this.files.stream(media.storageKey, range);
  }
}

function normalizeAltText(altText: string): string {
  const trimmed = altText.trim();
  if (trimmed.length > MAX_ALT_TEXT) throw invalidInput(`Alt text is limited to ${MAX_ALT_TEXT} characters`);
  return trimmed;
}

function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'image';
  return base.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'image';
}
