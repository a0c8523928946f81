/** Every network Crier knows by name; a connector exists for a subset of them. */
export const NETWORKS = [
  'x',
  'bluesky',
  'facebook',
  'instagram',
  'threads',
  'linkedin',
  'youtube',
  'tiktok',
  'pinterest',
  'snapchat',
  'mastodon',
] as const;

export type Network = (typeof NETWORKS)[number];

/**
 * Where an account lives: the real network, or its local emulator.
 * Sandbox accounts are always shown as such, so nobody mistakes a rehearsal for a real post.
 */
export type Environment = 'live' | 'sandbox';

export function isNetwork(value: string): value is Network {
  return (NETWORKS as readonly string[]).includes(value);
}
