import { describe, expect, it } from 'vitest';
import type { Network } from '../../../core/networks.js';
import type { ManualNetwork, PublishRequest } from '../connector.js';

/** A network Crier prepares posts for instead of posting (ManualNetwork), with content to try. */
export interface ManualConformanceTarget {
  network: Network;
  manual: ManualNetwork;
  /** Content the network takes; each is validated and prepared. */
  samples: PublishRequest[];
  /** Content it must refuse before scheduling. */
  overLimit: PublishRequest;
}

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * The honest counterpart of the connector suite for a manual network: it says plainly that posting is
 * manual and why, checks variants against the network's limits like any connector, and prepares a
 * bundle holding exactly the text and media a person will post.
 */
export function manualConformanceSuite(target: ManualConformanceTarget): void {
  describe(`conformance ${target.network} (manual)`, () => {
    const { manual } = target;

    it('declares manual publishing and says why', () => {
      expect(manual.capabilities.publishing).toBe('manual');
      expect(manual.network).toBe(target.network);
      expect(manual.manual.reason.length).toBeGreaterThan(40);
    });

    it('names the profile a person posts from without a login: its own example is one', () => {
      expect(manual.profile.label.length).toBeGreaterThan(0);
      expect(manual.profile.parse(manual.profile.example)).toMatchObject({ ok: true });
      expect(manual.profile.parse('')).toMatchObject({ ok: false, message: expect.any(String) });
    });

    it('refuses over-limit content before scheduling, naming each problem', () => {
      const check = manual.validate(target.overLimit);
      expect(check.problems.length).toBeGreaterThan(0);
      for (const problem of check.problems) expect(problem.message.length).toBeGreaterThan(10);
    });

    target.samples.forEach((sample, index) => {
      it(`prepares sample ${index + 1} (${sample.media.map((media) => media.kind).join(', ') || 'text'}) for a person to post`, async () => {
        expect(manual.validate(sample).problems).toEqual([]);
        const bundle = await manual.manual.prepare(sample);
        expect(bundle.text).toBe(sample.text);
        expect(bundle.steps.length).toBeGreaterThan(0);
        expect(bundle.postUrl).toMatch(/^https:\/\//);
        expect(bundle.files.map((file) => file.fileName)).toEqual(sample.media.map((media) => media.fileName));
        for (const [position, file] of bundle.files.entries()) {
          const media = sample.media[position];
          if (!media) throw new Error('a bundle file without its media');
          expect(await bytesOf(file.stream())).toEqual(Buffer.from(await media.read()));
          expect(file.size).toBe(media.size);
        }
      });
    });
  });
}
