import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { type AccountChoice, type ConnectedAccount, isAccountChoice, type PublishMedia } from './connector.js';

/** Test helpers shared by connector tests (not used by Crier itself). */

/** In-memory media as a connector receives it at publish time. */
export function mediaFromBytes(
  bytes: Uint8Array,
  input: { altText?: string; mimeType?: string; fileName?: string; id?: string; width?: number; height?: number } = {},
): PublishMedia {
  const mimeType = input.mimeType ?? 'image/png';
  return {
    id: input.id ?? randomUUID(),
    kind: mimeType.startsWith('video/') ? 'video' : 'image',
    mimeType,
    size: bytes.byteLength,
    altText: input.altText ?? '',
    fileName: input.fileName ?? 'media.bin',
    width: input.width,
    height: input.height,
    read: async () => bytes,
    stream: (range) => Readable.from([Buffer.from(range ? bytes.subarray(range.start, range.end) : bytes)]),
  };
}

/** The one account a connect call returned; fails the test when the network offered a choice. */
export function singleAccount(result: ConnectedAccount | AccountChoice): ConnectedAccount {
  if (isAccountChoice(result)) throw new Error(`expected one account, got a choice of ${result.candidates.length}`);
  return result;
}
