import { describe, expect, it } from 'vitest';
import { clientAddress, deviceKind, referrerHost, utcDay } from './click-facts.js';
import { foldSeries } from './report-series.js';

describe('click facts', () => {
  it('takes the client address from the socket unless proxies are trusted', () => {
    expect(clientAddress('::ffff:203.0.113.9', '198.51.100.1', false)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '198.51.100.1, 10.0.0.1', true)).toBe('198.51.100.1');
    // one trusted proxy: the address it saw is the last one it appended; anything before may be forged
    expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.1', 1)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.1, 10.0.0.1', 2)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '198.51.100.1', 5)).toBe('198.51.100.1');
  });

  it('keeps only the host of a referrer', () => {
    expect(referrerHost('https://t.co/AbC?x=1')).toBe('t.co');
    expect(referrerHost('https://user:pw@Www.Facebook.com:443/path')).toBe('www.facebook.com');
    expect(referrerHost('android-app://com.twitter.android/')).toBe('com.twitter.android');
    expect(referrerHost('not a url')).toBeNull();
    expect(referrerHost(undefined)).toBeNull();
  });

  it('maps device types', () => {
    expect(deviceKind(undefined)).toBe('desktop');
    expect(deviceKind('mobile')).toBe('mobile');
    expect(deviceKind('smarttv')).toBe('other');
    expect(utcDay(Date.parse('2026-11-26T23:59:59.999Z'))).toBe('2026-11-26');
  });
});

describe('report series', () => {
  const slot = (iso: string, clicks: number) => ({ slot: Date.parse(iso), clicks, botClicks: 0, conversions: 0 });

  it('folds slots into the days of the reader’s zone, empty days included', () => {
    const points = foldSeries(
      [slot('2026-11-25T14:45:00Z', 2), slot('2026-11-25T15:00:00Z', 3), slot('2026-11-27T01:00:00Z', 1)],
      {
        from: Date.parse('2026-11-25T00:00:00+09:00'),
        to: Date.parse('2026-11-28T00:00:00+09:00'),
        interval: 'day',
        timeZone: 'Asia/Tokyo',
      },
    );
    // 14:45Z is 23:45 in Tokyo (the 25th); 15:00Z is midnight of the 26th
    expect(points.map((p) => [new Date(p.start).toISOString(), p.clicks])).toEqual([
      ['2026-11-24T15:00:00.000Z', 2],
      ['2026-11-25T15:00:00.000Z', 3],
      ['2026-11-26T15:00:00.000Z', 1],
    ]);
  });

  it('counts a 23-hour day across a daylight-saving change as one day, and half-hour zones by their own hours', () => {
    const days = foldSeries([], {
      from: Date.parse('2026-03-28T00:00:00+01:00'),
      to: Date.parse('2026-03-31T00:00:00+02:00'),
      interval: 'day',
      timeZone: 'Europe/Paris',
    });
    expect(days).toHaveLength(3);
    const hours = foldSeries([slot('2026-11-26T04:30:00Z', 1), slot('2026-11-26T05:15:00Z', 1)], {
      from: Date.parse('2026-11-26T10:00:00+05:30'),
      to: Date.parse('2026-11-26T12:00:00+05:30'),
      interval: 'hour',
      timeZone: 'Asia/Kolkata',
    });
    expect(hours.map((p) => p.clicks)).toEqual([2, 0]);
  });
});
