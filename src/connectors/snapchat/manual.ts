import type { ManualNetwork, ManualPostBundle, ManualProfileResult, PublishRequest } from '../kit/connector.js';
import { NETWORK_NAME } from './errors.js';
import { placementOf } from './placement.js';
import { SNAPCHAT_LIMITS, validateSnapchat } from './snapchat.connector.js';

export const MANUAL_REASON =
  'Snapchat has an official posting API, the Public Profile API, but Snap opens it only to apps it has allowlisted. ' +
  'Until Snap enables yours (then set SNAPCHAT_CLIENT_ID and SNAPCHAT_CLIENT_SECRET), Crier prepares each post and reminds you to post it from the Snapchat app.';

const SNAPCHAT_WEB = 'https://www.snapchat.com';

/** Snapchat usernames: 3–15 letters, digits, `-`, `_` or `.`, starting with a letter and ending with a letter or digit. */
const USERNAME = /^[a-z][a-z0-9._-]{1,13}[a-z0-9]$/;

const PLACEMENT_WORDS = {
  story: 'your Story',
  saved_story: 'a Saved Story on your Public Profile',
  spotlight: 'Spotlight',
} as const;

/**
 * Snapchat when this Crier has no allowlisted app: nothing pretends to post. Variants are checked
 * against the same limits as the API connector, and at the due time a person gets the media, the
 * text and the steps.
 */
export function snapchatManualNetwork(): ManualNetwork {
  return {
    network: 'snapchat',
    environment: 'live',
    displayName: NETWORK_NAME,
    capabilities: {
      publishing: 'manual',
      text: false,
      images: true,
      video: true,
      linkCards: false,
      audienceTargeting: false,
      engagement: false,
      metrics: false,
    },
    limits: SNAPCHAT_LIMITS,
    validate: validateSnapchat,
    profile: { label: 'Username', example: 'fizzdrinks', parse: parseUsername },
    manual: {
      reason: MANUAL_REASON,
      async prepare(request: PublishRequest): Promise<ManualPostBundle> {
        const placement = placementOf(request.options);
        const files = request.media.map((media) => ({
          fileName: media.fileName,
          mimeType: media.mimeType,
          size: media.size,
          stream: () => media.stream(),
        }));
        const steps = [
          `Save ${files.map((file) => file.fileName).join(', ') || 'the media'} to the phone you post from.`,
          'Open Snapchat, switch to your Public Profile, and add the media from Memories or the camera roll.',
          placement === 'spotlight' && request.text
            ? 'Paste the description (copied above) when you submit to Spotlight.'
            : 'Add any words on the Snap itself: Stories show no caption.',
          `Post it to ${PLACEMENT_WORDS[placement]}, then mark this publication as posted in Crier with the link to it.`,
        ];
        return { text: request.text, files, steps, postUrl: `${SNAPCHAT_WEB}/` };
      },
    },
  };
}

/**
 * A username as people write it: `fizzdrinks`, `@FizzDrinks`, or a profile link
 * (`snapchat.com/add/fizzdrinks`, `snapchat.com/@fizzdrinks`). Snapchat usernames ignore case.
 */
export function parseUsername(typed: string): ManualProfileResult {
  const trimmed = typed.trim();
  const fromLink = /^(?:https?:\/\/)?(?:www\.)?snapchat\.com\/(?:add\/|@)([^/?#]+)/i.exec(trimmed)?.[1];
  const username = (fromLink ?? trimmed.replace(/^@/, '')).toLowerCase();
  if (!USERNAME.test(username)) {
    return {
      ok: false,
      message: `“${typed.trim()}” is not a Snapchat username: 3 to 15 letters, digits, “-”, “_” or “.”, starting with a letter`,
    };
  }
  return {
    ok: true,
    profile: {
      remoteId: username,
      handle: username,
      displayName: username,
      profileUrl: `${SNAPCHAT_WEB}/add/${username}`,
    },
  };
}
