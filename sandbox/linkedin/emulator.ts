import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { EmulatorFaults, Hangs } from '../common/faults.js';
import { JsonStateFile } from '../common/state-file.js';
import { registerControlRoutes } from './control-routes.js';
import { LinkedInFailure, linkedInErrors, sendLinkedInError } from './errors.js';
import { registerMediaRoutes } from './media-routes.js';
import { type LinkedInClient, registerOAuthRoutes } from './oauth-routes.js';
import { registerOrganizationRoutes } from './organization-routes.js';
import { registerPostRoutes } from './post-routes.js';
import { isApiPath, registerRestPipeline, versionsAround } from './rest-pipeline.js';
import { noFollowers } from './sample-organizations.js';
import { registerSocialRoutes } from './social-routes.js';
import {
  type Comment,
  type FollowerDemographics,
  type LinkedInSnapshot,
  LinkedInState,
  type OrganizationRole,
} from './state.js';
import { registerWebRoutes } from './web-routes.js';

export type { LinkedInClient } from './oauth-routes.js';
export type { Comment, FollowerDemographics, Member, Organization, Post } from './state.js';

export interface SandboxOrganization {
  id: string;
  name: string;
  vanityName?: string;
  followers?: FollowerDemographics;
  /** Members (by sandbox username) who get a role when they sign in; `everyone` for any member. */
  members?: Array<{ username: string | 'everyone'; role: OrganizationRole }>;
}

export interface LinkedInEmulatorOptions {
  /** Where clients reach the emulator, for upload URLs; else from each request's Host. */
  publicUrl?: string;
  clients: LinkedInClient[];
  organizations?: SandboxOrganization[];
  stateFile?: string;
  /** Time a finalized video takes to process; 1.5 s by default. */
  videoProcessingMs?: number;
  /** Calls per member, app and UTC day by `METHOD /route`; `POST /rest/posts` is 150 (linkedin.md). */
  dailyLimits?: Record<string, number>;
  /** LinkedIn-Version values served; the twelve months up to now by default. */
  activeVersions?: string[];
  logger?: boolean;
  now?: () => number;
}

export interface LinkedInEmulator {
  app: FastifyInstance;
  state: LinkedInState;
  faults: EmulatorFaults;
  /** The newest LinkedIn-Version served, for clients in tests. */
  latestVersion(): string;
  addAudienceComment(postUrn: string, username: string, text: string, parentComment?: string): Comment;
}

const MAX_BODY_BYTES = 1_000_000;

/**
 * A local LinkedIn Community Management API: 3-legged OAuth (refresh tokens for approved apps),
 * versioned `/rest` calls with their required headers, posts with LinkedIn's little text, media
 * uploads, organization roles and follower statistics, targeting with its minimum audience,
 * comments, statistics, LinkedIn's error bodies, a daily throttle, and fault switches.
 */
export function createLinkedInEmulator(options: LinkedInEmulatorOptions): LinkedInEmulator {
  const now = options.now ?? Date.now;
  let stateFile: JsonStateFile<LinkedInSnapshot> | undefined;
  const state = new LinkedInState(now, () => stateFile?.scheduleSave());
  if (options.stateFile) {
    stateFile = new JsonStateFile(options.stateFile, 1, () => state.snapshot());
    const saved = stateFile.load();
    if (saved) state.restore(saved);
  }
  const organizations = options.organizations ?? [];
  for (const organization of organizations) {
    if (state.organizations.has(organization.id)) continue;
    state.addOrganization({
      id: organization.id,
      localizedName: organization.name,
      vanityName: organization.vanityName ?? organization.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      followers: organization.followers ?? noFollowers(),
    });
  }
  const activeVersions = () => new Set(options.activeVersions ?? versionsAround(now()));
  const faults = new EmulatorFaults(() => state.expireAllAccessTokens());
  const publicUrl = options.publicUrl?.replace(/\/$/, '');
  const baseOf = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.headers.host}`;

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((error: FastifyError | LinkedInFailure, request, reply) => {
    if (error instanceof LinkedInFailure) return sendLinkedInError(reply, error.error);
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    if (!isApiPath(request.url)) return reply.code(status).send({ error: error.message });
    if (status >= 400 && status < 500) return sendLinkedInError(reply, linkedInErrors.badRequest(error.message));
    return sendLinkedInError(reply, linkedInErrors.serverError(500));
  });
  app.setNotFoundHandler((request, reply) =>
    sendLinkedInError(reply, {
      status: 404,
      serviceErrorCode: 0,
      code: 'NOT_FOUND',
      message: `No resource found for ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  const onSignIn = (member: { id: string; username: string }) => {
    for (const organization of organizations) {
      for (const grant of organization.members ?? []) {
        if (grant.username === 'everyone' || grant.username === member.username) {
          state.grantRole({
            memberId: member.id,
            organizationId: organization.id,
            role: grant.role,
            state: 'APPROVED',
          });
        }
      }
    }
  };
  const addAudienceComment = (postUrn: string, username: string, text: string, parentComment?: string): Comment => {
    if (!state.posts.has(postUrn)) throw Object.assign(new Error(`no post ${postUrn}`), { statusCode: 404 });
    const member = state.ensureMember(username);
    return state.addComment({ object: postUrn, actor: `urn:li:person:${member.id}`, text, parentComment });
  };

  registerRestPipeline(app, {
    state,
    faults,
    hangs: new Hangs(),
    dailyLimits: { 'POST /rest/posts': 150, ...options.dailyLimits },
    defaultDailyLimit: 100_000,
    activeVersions,
    now,
  });
  registerOAuthRoutes(app, { state, clients: options.clients, onSignIn, now });
  registerPostRoutes(app, state);
  registerMediaRoutes(app, { state, publicUrl: baseOf, videoProcessingMs: options.videoProcessingMs ?? 1500, now });
  registerOrganizationRoutes(app, state);
  registerSocialRoutes(app, state);
  registerControlRoutes(app, { state, faults, addAudienceComment });
  registerWebRoutes(app, state);
  app.addHook('onClose', async () => stateFile?.flush());

  return {
    app,
    state,
    faults,
    latestVersion: () => [...activeVersions()].sort().at(-1) ?? '',
    addAudienceComment,
  };
}
