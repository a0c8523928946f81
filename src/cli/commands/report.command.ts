import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { reportJson } from '../../http/link-views.js';
import { REPORT_DIMENSIONS, type ReportDimension } from '../../store/repositories/link-reports.repository.js';
import { openLocalCrier, resolveWorkspace } from '../local.js';
import { emit } from '../output.js';
import { parseTime } from './links.command.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface ReportOptions {
  by: string;
  from?: string;
  to?: string;
  interval: string;
  tz?: string;
  campaign?: string;
  post?: string;
  link?: string;
  network?: string;
  segment?: string;
  variant?: string;
  workspace?: string;
  json?: boolean;
}

/** `crier report`: clicks and conversions of tracked links, grouped and over time. */
export function reportCommand(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('report')
    .description('Clicks, visitors, bots and conversions of tracked links, per network, campaign, variant…')
    .option('--by <dimension>', `group by: ${REPORT_DIMENSIONS.join(', ')}`, 'network')
    .option('--from <time>', 'ISO start (default: 30 days ago)')
    .option('--to <time>', 'ISO end (default: now)')
    .option('--interval <interval>', 'time series by hour or day', 'day')
    .option('--tz <zone>', 'IANA zone of the series (default: the workspace’s)')
    .option('--campaign <slug>', 'only this campaign')
    .option('--post <id>', 'only this post')
    .option('--link <code>', 'only this link')
    .option('--network <network>', 'only this network')
    .option('--segment <id>', 'only this segment')
    .option('--variant <id>', 'only this variant')
    .option('-w, --workspace <id>', 'workspace id (default: the first one)')
    .option('--json', 'print JSON')
    .action((options: ReportOptions) =>
      run(async () => {
        if (!(REPORT_DIMENSIONS as readonly string[]).includes(options.by)) {
          throw invalidInput(`--by takes one of ${REPORT_DIMENSIONS.join(', ')}`);
        }
        if (options.interval !== 'hour' && options.interval !== 'day') throw invalidInput('--interval is hour or day');
        const crier = await openLocalCrier();
        try {
          const { workspaceId, ownerId } = await resolveWorkspace(crier, options.workspace);
          const membership = (await crier.services.auth.memberships(ownerId)).find(
            (m) => m.workspace.id === workspaceId,
          );
          const to = options.to ? parseTime(options.to, '--to') : Date.now();
          const from = options.from ? parseTime(options.from, '--from') : to - 30 * DAY_MS;
          const report = reportJson(
            await crier.services.linkReports.report(workspaceId, {
              from,
              to,
              interval: options.interval,
              timeZone: options.tz ?? membership?.workspace.timeZone ?? 'UTC',
              groupBy: options.by as ReportDimension,
              filters: {
                campaign: options.campaign,
                post: options.post,
                link: options.link,
                network: options.network,
                segment: options.segment,
                variant: options.variant,
              },
            }),
          );
          emit(Boolean(options.json), report, () => {
            const t = report.totals;
            const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
            const lines = [
              `${report.from} → ${report.to}`,
              `clicks ${t.clicks}  visitors ${t.uniqueVisitors}  bots ${t.botClicks} (${percent(t.botShare)})  conversions ${t.conversions} (${percent(t.conversionRate)})  value ${t.conversionValue}`,
              '',
              `${options.by.padEnd(40)}${'clicks'.padStart(8)}${'visitors'.padStart(10)}${'bots'.padStart(7)}${'conv.'.padStart(7)}`,
              ...report.groups.map(
                (g) =>
                  `${(g.label ?? '(none)').replace(/\s+/g, ' ').slice(0, 38).padEnd(40)}${String(g.clicks).padStart(8)}${String(g.uniqueVisitors).padStart(10)}${String(g.botClicks).padStart(7)}${String(g.conversions).padStart(7)}`,
              ),
              '',
              `countries: ${report.countries.map((c) => `${c.key ?? '?'} ${c.clicks}`).join(', ') || '—'}`,
              `referrers: ${report.referrers.map((r) => `${r.key ?? 'direct'} ${r.clicks}`).join(', ') || '—'}`,
              `devices:   ${report.devices.map((d) => `${d.key} ${d.clicks}`).join(', ') || '—'}`,
            ];
            return lines.join('\n');
          });
        } finally {
          await crier.close();
        }
      }),
    );
}
