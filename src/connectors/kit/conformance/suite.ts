import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorClass } from '../../../core/publication.js';
import type { AccountSession, PublishRequest } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { ConformanceRig, ConformanceTarget, Fault } from './rig.js';

/** How each injected fault must surface. `expired_token` must not surface at all: it is refreshed. */
const EXPECTED_CLASS: Record<Exclude<Fault, 'expired_token'>, ErrorClass> = {
  rate_limit: 'rate_limited',
  server_error: 'transient',
  timeout: 'unknown_outcome',
  revoked_token: 'auth',
  permission_missing: 'auth',
};

/**
 * The one suite every connector passes against its emulator: connect, validate, publish each content
 * type and read it back, comments and replies, metrics, and every fault mapped to its error class.
 * Tests exist only for what the connector declares; nothing is skipped.
 */
export function conformanceSuite(target: ConformanceTarget): void {
  describe(`conformance ${target.network}`, () => {
    let rig: ConformanceRig;
    let session: AccountSession;

    beforeAll(async () => {
      rig = await target.setup();
      session = await rig.connect();
    });
    afterEach(async () => {
      await rig?.clearFaults();
    });
    afterAll(async () => {
      await rig?.close();
    });

    const fresh = (request: PublishRequest): PublishRequest => ({
      ...request,
      publicationId: randomUUID(),
      text: request.text ? `${request.text} ${randomUUID().slice(0, 8)}` : request.text,
    });

    it('connects an account with a profile', () => {
      expect(session.profile.remoteId).not.toBe('');
      expect(session.profile.handle).not.toBe('');
      expect(session.profile.profileUrl).toMatch(/^https?:\/\//);
    });

    it('declares the capabilities its methods provide', () => {
      const { connector } = rig;
      expect(Boolean(connector.listComments && connector.replyToComment)).toBe(target.comments);
      expect(connector.capabilities.engagement).toBe(target.comments);
      expect(Boolean(connector.readMetrics)).toBe(target.metrics);
      expect(connector.capabilities.metrics).toBe(target.metrics);
      expect(connector.capabilities.images).toBe(target.contentTypes.includes('image'));
      expect(connector.capabilities.video).toBe(target.contentTypes.includes('video'));
    });

    it('refuses over-limit content before sending anything, naming each problem', () => {
      const check = rig.connector.validate(rig.overLimit);
      expect(check.problems.length).toBeGreaterThan(0);
      for (const problem of check.problems) expect(problem.message.length).toBeGreaterThan(10);
    });

    for (const contentType of target.contentTypes) {
      it(`publishes ${contentType} content and reads it back`, async () => {
        const sample = rig.samples[contentType];
        if (!sample) throw new Error(`${target.network} declares ${contentType} but its rig has no sample`);
        const request = fresh(await sample());
        expect(rig.connector.validate(request).problems).toEqual([]);
        const result = await rig.connector.publish(session, request);
        expect(result.remoteId).not.toBe('');
        expect(result.permalink).toMatch(/^https?:\/\//);
        const stored = await rig.readBack(result.remoteId);
        expect(stored?.text).toContain(request.text.split(' ')[0] ?? '');
        expect(stored?.mediaCount).toBe(request.media.length);
      });
    }

    if (target.comments) {
      it('lists comments with paging and replies to one', async () => {
        const { listComments, replyToComment } = rig.connector;
        if (!listComments || !replyToComment || !rig.addComment) throw new Error('comments declared but not provided');
        const post = await rig.connector.publish(session, fresh(await rig.simple()));
        await rig.addComment(post.remoteId, 'Where can I book a test drive?');
        await rig.addComment(post.remoteId, 'Love it');
        const seen = [];
        let cursor: string | undefined;
        do {
          const page = await listComments.call(rig.connector, session, { postRemoteId: post.remoteId, cursor });
          seen.push(...page.comments);
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.map((comment) => comment.text)).toEqual(
          expect.arrayContaining(['Where can I book a test drive?', 'Love it']),
        );
        const question = seen.find((comment) => comment.text.startsWith('Where'));
        const reply = await replyToComment.call(rig.connector, session, {
          postRemoteId: post.remoteId,
          commentRemoteId: question?.remoteId ?? '',
          text: 'At any dealer this Saturday',
        });
        expect(reply.remoteId).not.toBe('');
      });
    }

    if (target.metrics) {
      it('reads metrics in Crier’s common names, with the network’s own beside', async () => {
        const { readMetrics } = rig.connector;
        if (!readMetrics) throw new Error('metrics declared but not provided');
        const post = await rig.connector.publish(session, fresh(await rig.simple()));
        const reading = await readMetrics.call(rig.connector, session, { postRemoteId: post.remoteId });
        expect(Object.keys(reading.metrics).length).toBeGreaterThan(0);
        for (const value of Object.values(reading.metrics)) expect(Number.isFinite(value)).toBe(true);
        expect(Object.keys(reading.raw).length).toBeGreaterThan(0);
      });
    }

    if (target.credentialsExpire === false) {
      it('keeps credentials that never expire and publishes', async () => {
        const kept = await rig.connector.refresh(session.credentials);
        expect(kept.credentials).toEqual(session.credentials);
        const result = await rig.connector.publish(session, fresh(await rig.simple()));
        expect(result.remoteId).not.toBe('');
      });
    } else {
      it('refreshes an expired token and publishes', async () => {
        await rig.inject('expired_token');
        const result = await rig.connector.publish(session, fresh(await rig.simple()));
        expect(result.remoteId).not.toBe('');
      });
    }

    if (target.idempotent) {
      it('publishes a repeated publication once', async () => {
        const request = fresh(await rig.simple());
        const first = await rig.connector.publish(session, request);
        const again = await rig.connector.publish(session, request);
        expect(again.remoteId).toBe(first.remoteId);
      });
    }

    for (const [fault, errorClass] of Object.entries(EXPECTED_CLASS) as Array<[Fault, ErrorClass]>) {
      it(`maps ${fault} to ${errorClass}`, async () => {
        await rig.inject(fault);
        const failure = await rig.connector.publish(session, fresh(await rig.simple())).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(ConnectorError);
        expect((failure as ConnectorError).errorClass).toBe(errorClass);
        if (errorClass === 'rate_limited')
          expect((failure as ConnectorError).retryAt).toBeGreaterThan(Date.now() - 1000);
        // a session that needed reconnecting must be connected anew for the next tests
        if (errorClass === 'auth') {
          await rig.clearFaults();
          session = await rig.connect();
        }
      });
    }
  });
}
