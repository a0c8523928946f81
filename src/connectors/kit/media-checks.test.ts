import { describe, expect, it } from 'vitest';
import type { MediaFacts } from '../../core/content.js';
import type { NetworkLimits } from '../../core/limits.js';
import { checkVariantWithVideo, type VideoLimits } from './media-checks.js';

const limits: NetworkLimits = {
  maxTextLength: 100,
  textCounting: { kind: 'graphemes' },
  textOptionalWithMedia: true,
  media: {
    maxImages: 2,
    maxImageBytes: 1000,
    imageMimeTypes: ['image/png'],
    altTextRequired: false,
    maxAltTextLength: 10,
  },
};
const video: VideoLimits = {
  maxVideos: 1,
  maxBytes: 5000,
  mimeTypes: ['video/mp4'],
  minDurationMs: 4000,
  maxDurationMs: 60_000,
  alone: true,
};
const png = (size = 10, altText = ''): MediaFacts => ({ id: 'i', mimeType: 'image/png', size, altText });
const mp4 = (size = 10, durationMs?: number): MediaFacts => ({
  id: 'v',
  mimeType: 'video/mp4',
  size,
  altText: '',
  durationMs,
});

describe('checkVariantWithVideo', () => {
  it('takes a video alone with no text when the network allows text-less media', () => {
    expect(checkVariantWithVideo({ text: '', media: [mp4()] }, limits, video, 'Net').problems).toEqual([]);
  });

  it('keeps each problem at its place among mixed media', () => {
    const { problems } = checkVariantWithVideo(
      { text: 'hi', media: [mp4(9000, 1000), png(5000, 'far too long alt')] },
      limits,
      video,
      'Net',
    );
    expect(problems.map((problem) => `${problem.code}@${problem.field}`).sort()).toEqual([
      'alt_text_too_long@media[1]',
      'image_too_large@media[1]',
      'video_too_large@media[0]',
      'video_too_short@media[0]',
      'video_with_other_media@media',
    ]);
  });

  it('refuses video where the network takes none, and says so', () => {
    const { problems } = checkVariantWithVideo({ text: 'hi', media: [mp4()] }, limits, undefined, 'Net');
    expect(problems).toEqual([expect.objectContaining({ code: 'video_unsupported', field: 'media[0]' })]);
  });
});
