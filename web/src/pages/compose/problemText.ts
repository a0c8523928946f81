import type { TFunction } from 'i18next';
import type { Problem } from '../../api/types';
import { translateDynamic } from '../../i18n/dynamic';

function imageNumber(field: string): number | undefined {
  const match = /^media\[(\d+)\]$/.exec(field);
  return match?.[1] !== undefined ? Number(match[1]) + 1 : undefined;
}

function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? '' : `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * The network's own reason in a `targeting_refused` message (`Facebook cannot target "Hot regions": <reason>`);
 * the whole message when it is not written that way.
 */
function refusalReason(message: string, segment: string | undefined): string {
  const marker = segment !== undefined ? `"${segment}": ` : '": ';
  const at = message.indexOf(marker);
  return at >= 0 ? message.slice(at + marker.length) : message;
}

/**
 * A problem in the interface language. The server writes its messages in English, so English shows
 * them as they are; other languages translate the known codes and keep the server's words otherwise.
 */
export function problemText(
  problem: Problem,
  t: TFunction,
  language: string,
  networkName: string,
  segmentName?: string,
): string {
  if (language === 'en') return problem.message;
  return translateDynamic(t, `problems.${problem.code}`, problem.message, {
    network: networkName,
    segment: segmentName ?? '',
    reason: problem.code === 'targeting_refused' ? refusalReason(problem.message, segmentName) : undefined,
    limit: problem.limit,
    actual: problem.actual,
    over: problem.limit !== undefined && problem.actual !== undefined ? problem.actual - problem.limit : undefined,
    limitMb: megabytes(problem.limit),
    actualMb: megabytes(problem.actual),
    image: imageNumber(problem.field),
  });
}
