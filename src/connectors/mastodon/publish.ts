import type { mastodon } from 'masto';
import { measureText, type NetworkLimits } from '../../core/limits.js';
import type { AccountSession, PublishRequest, PublishResult } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { parseCredentials } from './credentials.js';
import { classifyFailure } from './errors.js';
import { checkAgainstInstance, type InstanceLimitsCache, type MastodonTransport, mastoFor } from './instance.js';
import { uploadAttachment } from './media.js';
import { readStatusOptions } from './status-options.js';

export interface PublishDependencies {
  transport: MastodonTransport;
  instanceLimits: InstanceLimitsCache;
  limits: NetworkLimits;
}

/**
 * Publishes one status: checks it against the instance's own limits, uploads the attachments, then
 * creates the status with the publication id as `Idempotency-Key`, so a repeat of the same
 * publication within Mastodon's hour returns the status already made instead of a second one.
 */
export async function publishStatus(
  deps: PublishDependencies,
  session: AccountSession,
  request: PublishRequest,
): Promise<PublishResult> {
  const { transport } = deps;
  const account = parseCredentials(session.credentials);
  const masto = mastoFor(transport, account.server, account.accessToken);
  const options = readStatusOptions(request.options);

  const instance = await deps.instanceLimits.limitsOf(masto, account.server);
  const counted = measureText(request.text, {
    ...deps.limits,
    textCounting: { kind: 'graphemes', urlLength: instance.charactersReservedPerUrl, mentionsWithoutDomain: true },
  });
  const problems = checkAgainstInstance(counted, request.media, instance);
  if (problems.length > 0) {
    throw new ConnectorError('invalid_content', problems.map((problem) => problem.message).join('; '), {
      networkCode: problems[0]?.code,
    });
  }

  const mediaIds: string[] = [];
  for (const [index, media] of request.media.entries()) {
    mediaIds.push(await uploadAttachment(transport, masto, account, media, index + 1));
  }

  let status: mastodon.v1.Status;
  try {
    status = await masto.call((client) =>
      client.v1.statuses.create(
        {
          status: request.text,
          mediaIds: mediaIds.length > 0 ? mediaIds : undefined,
          spoilerText: options.contentWarning,
          sensitive: options.contentWarning ? true : options.sensitive,
          visibility: options.visibility,
          language: options.language,
        },
        { requestInit: { headers: { 'Idempotency-Key': request.publicationId } } },
      ),
    );
  } catch (error) {
    throw classifyFailure(error, 'publishing the status', transport.now());
  }
  return { remoteId: status.id, permalink: status.url ?? status.uri };
}
