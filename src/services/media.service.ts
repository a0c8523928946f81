import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { invalidInput, notFound } from '../core/errors.js';
import type { Media } from '../core/model.js';
import { type ReadRange, readVideoFacts, SNIFF_BYTES, sniffVideoType } from '../core/video-file.js';
import type { MediaFiles } from '../store/media-files.js';
import type { MediaRepository } from '../store/repositories/media.repository.js';
import type { Clock } from './clock.js';

/** The largest image Crier accepts into the library; each network's own cap is checked per variant. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const MAX_ALT_TEXT = 2000;

/** How large a file the library takes, by kind. Videos are streamed to disk, so their cap is about disk, not memory. */
export interface MediaSizeLimits {
  maxImageBytes: number;
  maxVideoBytes: number;
}

/** 4 GB for video: the most any network Crier uploads to takes in one file (TikTok). */
export const DEFAULT_MEDIA_LIMITS: MediaSizeLimits = { maxImageBytes: MAX_UPLOAD_BYTES, maxVideoBytes: 4 * 1024 ** 3 };

const FORMAT_TO_MIME: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** An upload written to a temporary file, waiting for `store` (or `discard`). */
export interface ReceivedFile {
  path: string;
  size: number;
  fileName: string;
}

export class MediaService {
  constructor(
    private readonly media: MediaRepository,
    private readonly files: MediaFiles,
    private readonly clock: Clock,
    private readonly limits: MediaSizeLimits = DEFAULT_MEDIA_LIMITS,
  ) {}

  /** The largest file any upload may be; the kind's own cap is checked once the file is known. */
  get maxUploadBytes(): number {
    return Math.max(this.limits.maxImageBytes, this.limits.maxVideoBytes);
  }

  /**
   * Stores an image or a video held in memory (small files: the CLI, tests). The type comes from the
   * bytes, never from the file name.
   */
  async upload(input: { workspaceId: string; fileName: string; bytes: Uint8Array; altText?: string }): Promise<Media> {
    if (input.bytes.byteLength === 0) throw invalidInput('The file is empty');
    if (sniffVideoType(input.bytes.subarray(0, SNIFF_BYTES))) {
      const read: ReadRange = async (start, end) => input.bytes.subarray(start, end);
      return this.storeVideo(input, input.bytes.byteLength, read, (key) => this.files.write(key, input.bytes));
    }
    return this.storeImage(input, input.bytes, (key) => this.files.write(key, input.bytes));
  }

  /** Writes an upload to a temporary file as it arrives; `store` then keeps it, or `discard` drops it. */
  async receive(stream: Readable, fileName: string): Promise<ReceivedFile> {
    const received = await this.files.receive(stream);
    return { ...received, fileName };
  }

  /**
   * Keeps a received file: a video is moved into the library without being read whole (its duration
   * and size come from its `moov` box); an image is read and checked by sharp.
   */
  async store(input: { workspaceId: string; file: ReceivedFile; altText?: string }): Promise<Media> {
    const { file } = input;
    if (file.size === 0) throw invalidInput('The file is empty');
    const handle = await open(file.path, 'r');
    const read: ReadRange = async (start, end) => {
      const bytes = Buffer.alloc(Math.max(0, Math.min(end, file.size) - start));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
      return bytes.subarray(0, bytesRead);
    };
    try {
      const details = { workspaceId: input.workspaceId, fileName: file.fileName, altText: input.altText };
      if (sniffVideoType(await read(0, SNIFF_BYTES))) {
        return await this.storeVideo(details, file.size, read, (key) => this.files.adopt(key, file.path));
      }
      if (file.size > this.limits.maxImageBytes) throw tooLarge('image', file.size, this.limits.maxImageBytes);
      const bytes = await read(0, file.size);
      return await this.storeImage(details, bytes, (key) => this.files.adopt(key, file.path));
    } finally {
      await handle.close();
    }
  }

  /** Drops a received file that was not stored; nothing happens if it was. */
  discard(file: ReceivedFile): Promise<void> {
    return this.files.discard(file.path);
  }

  private async storeImage(
    input: { workspaceId: string; fileName: string; altText?: string },
    bytes: Uint8Array,
    keep: (storageKey: string) => Promise<void>,
  ): Promise<Media> {
    if (bytes.byteLength > this.limits.maxImageBytes)
      throw tooLarge('image', bytes.byteLength, this.limits.maxImageBytes);
    const metadata = await sharp(bytes)
      .metadata()
      .catch(() => undefined);
    const mimeType = metadata?.format ? FORMAT_TO_MIME[metadata.format] : undefined;
    if (!metadata || !mimeType) {
      throw invalidInput(
        `${input.fileName} is not a file Crier can publish (images: JPEG, PNG, GIF or WebP; videos: MP4, MOV or WebM)`,
      );
    }
    return this.keep(
      input,
      { mimeType, size: bytes.byteLength, width: metadata.width ?? null, height: metadata.height ?? null },
      keep,
    );
  }

  /** MP4 and MOV say their picture size in `moov`; WebM's is left unknown (Crier reads no EBML). */
  private async storeVideo(
    input: { workspaceId: string; fileName: string; altText?: string },
    size: number,
    read: ReadRange,
    keep: (storageKey: string) => Promise<void>,
  ): Promise<Media> {
    if (size > this.limits.maxVideoBytes) throw tooLarge('video', size, this.limits.maxVideoBytes);
    const facts = await readVideoFacts(size, read);
    if (!facts) throw invalidInput(`${input.fileName} is not a video Crier can publish (MP4, MOV or WebM)`);
    return this.keep(input, { mimeType: facts.mimeType, size, width: facts.width, height: facts.height }, keep);
  }

  private async keep(
    input: { workspaceId: string; fileName: string; altText?: string },
    file: Pick<Media, 'mimeType' | 'size' | 'width' | 'height'>,
    keep: (storageKey: string) => Promise<void>,
  ): Promise<Media> {
    const altText = normalizeAltText(input.altText ?? '');
    const id = randomUUID();
    const storageKey = `${input.workspaceId}/${id}`;
    await keep(storageKey);
    const media: Media = {
      id,
      workspaceId: input.workspaceId,
      fileName: sanitizeFileName(input.fileName),
      ...file,
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

function tooLarge(kind: 'image' | 'video', size: number, limit: number) {
  return invalidInput(`The ${kind} is ${size} bytes; the largest ${kind} accepted is ${limit} bytes`, { size, limit });
}

function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'image';
  return base.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'image';
}
