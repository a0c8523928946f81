import type { FastifyInstance } from 'fastify';
import { LinkedInFailure, linkedInErrors } from './errors.js';
import { requireScope, restContextOf } from './rest-pipeline.js';
import type { FacetCounts, LinkedInState, Organization } from './state.js';

const ADMIN_SCOPES = ['rw_organization_admin', 'r_organization_admin'];

/** Rest.li 2.0 lists in a query: `List(urn%3Ali%3Ashare%3A1,urn%3Ali%3Ashare%3A2)`, already decoded once. */
export function restliList(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  const inner = /^List\((.*)\)$/.exec(value)?.[1];
  if (inner === undefined)
    throw new LinkedInFailure(linkedInErrors.badRequest(`Expected a Rest.li List(...), got ${value}`));
  return inner
    .split(',')
    .map((item) => decodeURIComponent(item))
    .filter(Boolean);
}

/**
 * Organizations the member may act for (`organizationAcls`), their names, who follows them by facet
 * (the figures targeting is estimated from), and how their posts did.
 */
export function registerOrganizationRoutes(app: FastifyInstance, state: LinkedInState): void {
  app.get('/rest/organizationAcls', async (request) => {
    const context = restContextOf(request);
    requireScope(context, ADMIN_SCOPES, 'organizationAcls.FINDER-roleAssignee');
    const query = request.query as Record<string, string | undefined>;
    if (query.q !== 'roleAssignee')
      throw new LinkedInFailure(linkedInErrors.badRequest('organizationAcls takes q=roleAssignee'));
    const elements = state.acls
      .filter((acl) => acl.memberId === context.member.id)
      .filter((acl) => !query.role || acl.role === query.role)
      .filter((acl) => !query.state || acl.state === query.state)
      .map((acl) => ({
        roleAssignee: `urn:li:person:${acl.memberId}`,
        state: acl.state,
        role: acl.role,
        organization: `urn:li:organization:${acl.organizationId}`,
      }));
    const start = Number(query.start ?? 0);
    const count = Number(query.count ?? 10);
    return {
      elements: elements.slice(start, start + count),
      paging: { count, start, total: elements.length, links: [] },
    };
  });

  app.get<{ Params: { id: string } }>('/rest/organizations/:id', async (request) => {
    const context = restContextOf(request);
    requireScope(context, ADMIN_SCOPES, 'organizations.GET');
    const organization = state.organizations.get(request.params.id);
    if (!organization) throw new LinkedInFailure(linkedInErrors.notFound(`Organization ${request.params.id}`));
    return {
      id: Number(organization.id),
      localizedName: organization.localizedName,
      vanityName: organization.vanityName,
      name: { localized: { en_US: organization.localizedName }, preferredLocale: { country: 'US', language: 'en' } },
    };
  });

  app.get('/rest/organizationalEntityFollowerStatistics', async (request) => {
    const context = restContextOf(request);
    requireScope(context, ADMIN_SCOPES, 'organizationalEntityFollowerStatistics.FINDER-organizationalEntity');
    const organization = organizationIn(state, request.query as Record<string, string | undefined>);
    const { followers } = organization;
    const entries = (counts: FacetCounts, key: string) =>
      Object.entries(counts).map(([value, count]) => ({
        [key]: value,
        followerCounts: { organicFollowerCount: count, paidFollowerCount: 0 },
      }));
    return {
      elements: [
        {
          organizationalEntity: `urn:li:organization:${organization.id}`,
          followerCountsByGeoCountry: entries(followers.byGeoCountry, 'geo'),
          followerCountsByGeo: [],
          followerCountsBySeniority: entries(followers.bySeniority, 'seniority'),
          followerCountsByIndustry: entries(followers.byIndustry, 'industry'),
          followerCountsByFunction: entries(followers.byFunction, 'function'),
          followerCountsByStaffCountRange: entries(followers.byStaffCountRange, 'staffCountRange'),
          followerCountsByAssociationType: [],
        },
      ],
      paging: { count: 10, start: 0, links: [] },
    };
  });

  app.get('/rest/organizationalEntityShareStatistics', async (request) => {
    const context = restContextOf(request);
    requireScope(context, ADMIN_SCOPES, 'organizationalEntityShareStatistics.FINDER-organizationalEntity');
    const query = request.query as Record<string, string | undefined>;
    const organization = organizationIn(state, query);
    const author = `urn:li:organization:${organization.id}`;
    const wanted = [...restliList(query.shares), ...restliList(query.ugcPosts)];
    const posts = [...state.posts.values()].filter((post) => post.author === author);
    const statistics = (chosen: typeof posts) => {
      const sum = (pick: (post: (typeof posts)[number]) => number) =>
        chosen.reduce((total, post) => total + pick(post), 0);
      const impressions = sum((post) => post.statistics.impressionCount);
      const comments = sum((post) => state.commentsOn(post.urn).length);
      const clicks = sum((post) => post.statistics.clickCount);
      const likes = sum((post) => post.statistics.likeCount);
      const shares = sum((post) => post.statistics.shareCount);
      return {
        impressionCount: impressions,
        uniqueImpressionsCount: sum((post) => post.statistics.uniqueImpressionsCount),
        clickCount: clicks,
        likeCount: likes,
        commentCount: comments,
        shareCount: shares,
        engagement: impressions > 0 ? (clicks + likes + comments + shares) / impressions : 0,
      };
    };
    if (wanted.length === 0)
      return {
        elements: [{ organizationalEntity: author, totalShareStatistics: statistics(posts) }],
        paging: { count: 10, start: 0, links: [] },
      };
    const elements = wanted.map((urn) => {
      const post = posts.find((candidate) => candidate.urn === urn);
      if (!post) throw new LinkedInFailure(linkedInErrors.notFound(`Share ${urn} of ${author}`));
      return {
        organizationalEntity: author,
        [urn.startsWith('urn:li:ugcPost:') ? 'ugcPost' : 'share']: urn,
        totalShareStatistics: statistics([post]),
      };
    });
    return { elements, paging: { count: elements.length, start: 0, links: [] } };
  });
}

function organizationIn(state: LinkedInState, query: Record<string, string | undefined>): Organization {
  if (query.q !== 'organizationalEntity')
    throw new LinkedInFailure(linkedInErrors.badRequest('This finder takes q=organizationalEntity'));
  const id = /^urn:li:organization:(\d+)$/.exec(query.organizationalEntity ?? '')?.[1];
  const organization = id ? state.organizations.get(id) : undefined;
  if (!organization)
    throw new LinkedInFailure(linkedInErrors.notFound(`Organization ${query.organizationalEntity ?? ''}`));
  return organization;
}
