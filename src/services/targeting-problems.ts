import type { NetworkRules } from '../connectors/kit/connector.js';
import type { Problem } from '../core/content.js';
import type { Segment } from '../core/segment.js';

/** Problems that stop a segment from reaching this network: never dropped silently. */
export function targetingProblems(rules: NetworkRules, segment: Segment): Problem[] {
  if (!rules.compileTargeting) {
    return [
      {
        code: 'targeting_unsupported',
        field: 'segment',
        message: `${rules.displayName} cannot target an audience with organic posts, so "${segment.name}" cannot be used there; publish to accounts that serve that audience instead`,
      },
    ];
  }
  const compiled = rules.compileTargeting(segment.audience);
  return compiled.ok
    ? []
    : compiled.reasons.map((reason) => ({
        code: 'targeting_refused',
        field: 'segment',
        message: `${rules.displayName} cannot target "${segment.name}": ${reason}`,
      }));
}
