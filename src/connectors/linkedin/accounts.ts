import type { AccountChoice, ConnectedAccount } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { type LinkedInCredentials, linkedInAccount, NETWORK_NAME } from './credentials.js';
import type { LinkedInTokens } from './oauth.js';
import { beforePosting, callLinkedIn, type LinkedInTransport } from './rest-client.js';

/** Roles that may post for an organization (linkedin.md, Auth). */
const POSTING_ROLES = new Set(['ADMINISTRATOR', 'DIRECT_SPONSORED_CONTENT_POSTER']);

/**
 * Every author one sign-in can post as: the member, and each organization they administer (or post
 * sponsored content for). One of them is a single account; several are a choice for the person.
 */
export async function accountsFor(
  transport: LinkedInTransport,
  tokens: LinkedInTokens,
  webUrl: string,
): Promise<ConnectedAccount | AccountChoice> {
  const call = (path: string, action: string, query?: Record<string, string>) =>
    beforePosting(() =>
      callLinkedIn(transport, { method: 'GET', path, accessToken: tokens.accessToken, query, action }),
    );
  const me = (await call('/v2/userinfo', 'reading who signed in')).body ?? {};
  if (typeof me.sub !== 'string') throw new ConnectorError('transient', `${NETWORK_NAME} did not say who signed in`);
  const memberUrn = `urn:li:person:${me.sub}`;
  const memberName = typeof me.name === 'string' ? me.name : me.sub;
  const base = {
    accessToken: tokens.accessToken,
    expiresAt: tokens.expiresAt,
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    scope: tokens.scope,
    memberUrn,
  };
  const member: LinkedInCredentials = {
    ...base,
    authorUrn: memberUrn,
    authorName: memberName,
    authorHandle: memberName,
  };

  const acls = await call('/rest/organizationAcls', 'listing the pages you administer', {
    q: 'roleAssignee',
    state: 'APPROVED',
    count: '100',
  });
  const elements = (Array.isArray(acls.body?.elements) ? acls.body.elements : []) as Array<{
    role?: unknown;
    organization?: unknown;
  }>;
  const organizationUrns = [
    ...new Set(elements.filter((acl) => POSTING_ROLES.has(String(acl.role))).map((acl) => String(acl.organization))),
  ].filter((urn) => /^urn:li:organization:\d+$/.test(urn));
  const organizations: LinkedInCredentials[] = [];
  for (const urn of organizationUrns) {
    const found =
      (await call(`/rest/organizations/${urn.slice('urn:li:organization:'.length)}`, 'reading a page you administer'))
        .body ?? {};
    const name = typeof found.localizedName === 'string' ? found.localizedName : urn;
    const vanity = typeof found.vanityName === 'string' ? found.vanityName : urn.slice('urn:li:organization:'.length);
    organizations.push({ ...base, authorUrn: urn, authorName: name, authorHandle: vanity });
  }
  if (organizations.length === 0) return linkedInAccount(member, webUrl);
  return {
    kind: 'choice',
    candidates: [...organizations, member].map((credentials) => linkedInAccount(credentials, webUrl)),
  };
}
