/** Brand colours used for network avatars and badges (Mantine colour names). */
const NETWORK_COLORS: Record<string, string> = {
  x: 'dark',
  bluesky: 'blue',
  facebook: 'indigo',
  instagram: 'pink',
  threads: 'dark',
  linkedin: 'cyan',
  youtube: 'red',
  tiktok: 'dark',
  pinterest: 'red',
  snapchat: 'yellow',
  mastodon: 'violet',
};

export function networkColor(network: string): string {
  return NETWORK_COLORS[network] ?? 'gray';
}
