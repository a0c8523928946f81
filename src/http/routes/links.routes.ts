import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type HttpContext, typed } from '../context.js';
import {
  campaignSchema,
  createCampaignSchema,
  createLinkSchema,
  linkDomainSchema,
  linkSchema,
  updateLinkSchema,
} from '../link-schemas.js';
import { campaignJson, linkJson } from '../link-views.js';
import { errorSchema, idParams, workspaceParams } from '../schemas.js';
import { workspaceMember } from '../session.js';

const parseTime = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : Date.parse(value);

/** Campaigns, tracked links made by hand, and the workspace's link domain. */
export function linksRoutes(app: FastifyInstance, context: HttpContext): void {
  const api = typed(app);
  const { auth, links, campaigns } = context.services;

  api.post(
    '/api/workspaces/:workspaceId/campaigns',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'Create a campaign; its slug becomes utm_campaign of its posts’ links',
        params: workspaceParams,
        body: createCampaignSchema,
        response: { 201: campaignSchema, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'editor');
      return reply.status(201).send(campaignJson(await campaigns.create(workspaceId, request.body)));
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/campaigns',
    {
      schema: {
        tags: ['campaigns'],
        summary: 'The workspace’s campaigns, newest first',
        params: workspaceParams,
        response: { 200: z.object({ campaigns: z.array(campaignSchema) }) },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      return { campaigns: (await campaigns.list(workspaceId)).map(campaignJson) };
    },
  );

  api.post(
    '/api/workspaces/:workspaceId/links',
    {
      schema: {
        tags: ['links'],
        summary: 'Make a tracked short link by hand',
        params: workspaceParams,
        body: createLinkSchema,
        response: { 201: linkSchema, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const { user, workspaceId } = await workspaceMember(auth, request, 'editor');
      const { expiresAt, ...rest } = request.body;
      const link = await links.create(workspaceId, user.id, { ...rest, expiresAt: parseTime(expiresAt) });
      return reply.status(201).send(linkJson(link));
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/links',
    {
      schema: {
        tags: ['links'],
        summary: 'Tracked links, newest first, optionally of one post or campaign',
        params: workspaceParams,
        querystring: z.object({
          post: z.string().optional(),
          campaign: z.string().optional().describe('Campaign id or slug'),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
        response: { 200: z.object({ links: z.array(linkSchema) }), 400: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      const { post, campaign, limit } = request.query;
      return { links: (await links.list(workspaceId, { postId: post, campaign, limit })).map(linkJson) };
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/links/:id',
    {
      schema: {
        tags: ['links'],
        summary: 'One link, by id or code',
        params: idParams,
        response: { 200: linkSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      return linkJson(await links.get(workspaceId, request.params.id));
    },
  );

  api.patch(
    '/api/workspaces/:workspaceId/links/:id',
    {
      schema: {
        tags: ['links'],
        summary: 'Turn a link off or on, or change when it expires',
        params: idParams,
        body: updateLinkSchema,
        response: { 200: linkSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'editor');
      const { enabled, expiresAt } = request.body;
      return linkJson(await links.update(workspaceId, request.params.id, { enabled, expiresAt: parseTime(expiresAt) }));
    },
  );

  api.get(
    '/api/workspaces/:workspaceId/link-domain',
    {
      schema: {
        tags: ['links'],
        summary: 'The workspace’s own short-link domain, if it has one',
        params: workspaceParams,
        response: { 200: z.object({ domain: linkDomainSchema.nullable(), defaultBaseUrl: z.string() }) },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      const domain = await links.domain(workspaceId);
      return {
        domain: domain ? { host: domain.host, baseUrl: domain.baseUrl } : null,
        defaultBaseUrl: links.shortLinkBase(workspaceId),
      };
    },
  );

  api.put(
    '/api/workspaces/:workspaceId/link-domain',
    {
      schema: {
        tags: ['links'],
        summary: 'Serve the workspace’s new short links at /:code on a domain pointed at Crier',
        params: workspaceParams,
        body: z.object({ baseUrl: z.string().describe('An origin, e.g. https://go.fizz.example') }),
        response: { 200: linkDomainSchema, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'admin');
      const domain = await links.setDomain(workspaceId, request.body.baseUrl);
      return { host: domain.host, baseUrl: domain.baseUrl };
    },
  );

  api.delete(
    '/api/workspaces/:workspaceId/link-domain',
    {
      schema: {
        tags: ['links'],
        summary: 'Go back to short links on Crier’s own host',
        params: workspaceParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await workspaceMember(auth, request, 'admin');
      await links.removeDomain(workspaceId);
      return reply.status(204).send(null);
    },
  );
}
