import { isbot } from 'isbot';
import UAParser from 'ua-parser-js';
import { type DeviceKind, deviceKind } from './click-facts.js';

export interface UserAgentFacts {
  isBot: boolean;
  device: DeviceKind;
  browser: string | null;
}

/**
 * Bot or person, device and browser, from a User-Agent header. A request with no user agent at all
 * is a script, not a person with a browser, so it counts as a bot.
 */
export function classifyUserAgent(userAgent: string | undefined): UserAgentFacts {
  if (!userAgent) return { isBot: true, device: 'other', browser: null };
  const parsed = new UAParser(userAgent).getResult();
  return {
    isBot: isbot(userAgent),
    device: deviceKind(parsed.device.type),
    browser: parsed.browser.name ?? null,
  };
}
