import type { FastifyInstance } from 'fastify';
import { invalidInput } from '../../core/errors.js';
import { type HttpContext, typed } from '../context.js';
import { reportQuerySchema, reportSchema } from '../link-schemas.js';
import { reportJson } from '../link-views.js';
import { errorSchema, workspaceParams } from '../schemas.js';
import { workspaceMember } from '../session.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function reportsRoutes(app: FastifyInstance, context: HttpContext): void {
  const api = typed(app);
  const { auth, linkReports } = context.services;

  api.get(
    '/api/workspaces/:workspaceId/reports/links',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Clicks, unique visitors, bots, countries, referrers, devices and conversions of tracked links, per link, post, campaign, network, segment or variant, with a time series',
        params: workspaceParams,
        querystring: reportQuerySchema,
        response: { 200: reportSchema, 400: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await workspaceMember(auth, request, 'viewer');
      const { from, to, interval, timeZone, groupBy, ...filters } = request.query;
      const end = to ? Date.parse(to) : Date.now();
      const start = from ? Date.parse(from) : end - 30 * DAY_MS;
      if (Number.isNaN(start) || Number.isNaN(end)) throw invalidInput('`from` and `to` are ISO times');
      const report = await linkReports.report(workspaceId, {
        from: start,
        to: end,
        interval,
        timeZone,
        groupBy,
        filters,
      });
      return reportJson(report);
    },
  );
}
