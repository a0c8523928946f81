import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CONVERSION_SCRIPT } from './conversion-script.js';

interface Beacon {
  url: string;
  body: Blob;
}

/** Runs the script as a page of the organization's site would, with a storage that outlives the page. */
function page(search: string, storage: Map<string, string>, queued: unknown[][] = []) {
  const beacons: Beacon[] = [];
  const window: Record<string, unknown> = { crier: { q: queued } };
  const context = {
    window,
    location: { search, href: `https://fizz.example/landing${search}` },
    document: { currentScript: { src: 'https://crier.example/api/conversions/crier.js' } },
    localStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
    },
    navigator: {
      sendBeacon: (url: string, body: Blob) => {
        beacons.push({ url, body });
        return true;
      },
    },
    URL,
    URLSearchParams,
    Blob,
    JSON,
    Date,
    String,
  };
  vm.runInNewContext(CONVERSION_SCRIPT, context);
  return { beacons, crier: window.crier as { convert(goal: string, value?: number, currency?: string): boolean } };
}

describe('conversion script', () => {
  it('remembers the click id of the landing and reports a later conversion with it', async () => {
    const storage = new Map<string, string>();
    page('?utm_source=x&crier_cid=0Nf8GzJ2aB3cD4eF', storage);

    const later = page('?step=3', storage);
    expect(later.crier.convert('test_drive_booked', 1, 'JPY')).toBe(true);
    expect(later.beacons).toHaveLength(1);
    const [beacon] = later.beacons as [Beacon];
    expect(beacon.url).toBe('https://crier.example/api/conversions');
    expect(beacon.body.type).toBe('text/plain');
    expect(JSON.parse(await beacon.body.text())).toEqual({
      clickId: '0Nf8GzJ2aB3cD4eF',
      goal: 'test_drive_booked',
      value: 1,
      currency: 'JPY',
    });
  });

  it('sends conversions queued before it loaded, and nothing for a visitor who came another way', async () => {
    const storage = new Map<string, string>();
    const landing = page('?crier_cid=0Nf8GzJ2aB3cD4eF', storage, [['convert', 'newsletter_signup']]);
    expect(landing.beacons).toHaveLength(1);
    expect(JSON.parse(await (landing.beacons[0] as Beacon).body.text())).toMatchObject({ goal: 'newsletter_signup' });

    const stranger = page('', new Map());
    expect(stranger.crier.convert('test_drive_booked')).toBe(false);
    expect(stranger.beacons).toEqual([]);
  });
});
