import type { PublishMedia } from '../connectors/kit/connector.js';
import type { MediaService } from './media.service.js';

/** A variant's media as connectors and manual networks take it: files opened only when read or streamed. */
export async function publishMediaOf(
  media: MediaService,
  workspaceId: string,
  ids: readonly string[],
): Promise<PublishMedia[]> {
  return (await media.findAll(workspaceId, ids)).map((item) => ({
    id: item.id,
    kind: item.mimeType.startsWith('video/') ? 'video' : 'image',
    mimeType: item.mimeType,
    size: item.size,
    altText: item.altText,
    fileName: item.fileName,
    width: item.width ?? undefined,
    height: item.height ?? undefined,
    read: () => media.read(item),
    stream: (range) => media.stream(item, range),
  }));
}
