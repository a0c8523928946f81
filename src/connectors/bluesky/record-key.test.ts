import { describe, expect, it } from 'vitest';
import { recordKeyForPublication, tidFromParts } from './record-key.js';

// The TID syntax from https://atproto.com/specs/tid (also @atproto/syntax's isValidTid).
const TID_SYNTAX = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
const S32 = '234567abcdefghijklmnopqrstuvwxyz';
const decodeTimestamp = (tid: string) =>
  [...tid.slice(0, 11)].reduce((value, char) => value * 32 + S32.indexOf(char), 0);

describe('recordKeyForPublication', () => {
  it('gives the same valid TID for the same publication, and another for another', () => {
    const first = recordKeyForPublication('pub_123');
    expect(first).toMatch(TID_SYNTAX);
    expect(recordKeyForPublication('pub_123')).toBe(first);
    expect(recordKeyForPublication('pub_124')).not.toBe(first);
  });

  it('uses the creation time a UUIDv7 carries', () => {
    const createdAt = Date.UTC(2026, 10, 26, 9, 30);
    const uuid = `${createdAt
      .toString(16)
      .padStart(12, '0')
      .replace(/^(.{8})/, '$1-')}-7abc-8def-0123456789ab`;
    const micros = decodeTimestamp(recordKeyForPublication(uuid));
    expect(Math.floor(micros / 1000)).toBe(createdAt);
  });

  it('keeps ids without a time in a past year, not in the future', () => {
    for (const id of ['a', 'b', 'some-random-id', '42']) {
      const micros = decodeTimestamp(recordKeyForPublication(id));
      expect(micros).toBeGreaterThanOrEqual(Date.UTC(2023, 0, 1) * 1000);
      expect(micros).toBeLessThan(Date.UTC(2024, 0, 1) * 1000);
    }
  });

  it('encodes like the reference implementation', () => {
    // Values printed by TID.fromTime(timestamp, clockId).toString() of @atproto/common-web 0.4.21.
    expect(tidFromParts(1_700_000_000_000_000, 5)).toBe('3ke6kg3wk2227');
    expect(tidFromParts(1_672_531_200_012_345, 1023)).toBe('3jl7442uw3tzz');
  });
});
