import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { campaignJson, linkJson } from '../../http/link-views.js';
import { openLocalCrier, resolveWorkspace } from '../local.js';
import { emit } from '../output.js';

type Run = (action: () => Promise<void>) => Promise<void>;

/** `crier campaigns` and `crier links`: the same reach as the API's campaigns and links. */
export function linksCommands(program: Command, run: Run): void {
  const campaigns = program
    .command('campaigns')
    .description('Campaigns: their slug is the utm_campaign of their links');
  campaigns
    .command('list', { isDefault: true })
    .description('List campaigns')
    .option('-w, --workspace <id>', 'workspace id (default: the first one)')
    .option('--json', 'print JSON')
    .action((options: { workspace?: string; json?: boolean }) =>
      run(async () => {
        const crier = await openLocalCrier();
        try {
          const { workspaceId } = await resolveWorkspace(crier, options.workspace);
          const list = (await crier.services.campaigns.list(workspaceId)).map(campaignJson);
          emit(Boolean(options.json), { campaigns: list }, () =>
            list.length === 0 ? 'No campaigns yet.' : list.map((c) => `${c.slug.padEnd(30)} ${c.name}`).join('\n'),
          );
        } finally {
          await crier.close();
        }
      }),
    );
  campaigns
    .command('create <name>')
    .description('Create a campaign')
    .option('--slug <slug>', 'utm_campaign value (default: made from the name)')
    .option('-w, --workspace <id>', 'workspace id (default: the first one)')
    .option('--json', 'print JSON')
    .action((name: string, options: { slug?: string; workspace?: string; json?: boolean }) =>
      run(async () => {
        const crier = await openLocalCrier();
        try {
          const { workspaceId } = await resolveWorkspace(crier, options.workspace);
          const campaign = campaignJson(
            await crier.services.campaigns.create(workspaceId, { name, slug: options.slug }),
          );
          emit(Boolean(options.json), campaign, () => `Created campaign ${campaign.name} (${campaign.slug})`);
        } finally {
          await crier.close();
        }
      }),
    );

  const links = program.command('links').description('Tracked short links');
  links
    .command('list', { isDefault: true })
    .description('List tracked links, newest first')
    .option('--post <id>', 'only the links of this post')
    .option('--campaign <slug>', 'only the links of this campaign')
    .option('-w, --workspace <id>', 'workspace id (default: the first one)')
    .option('--json', 'print JSON')
    .action((options: { post?: string; campaign?: string; workspace?: string; json?: boolean }) =>
      run(async () => {
        const crier = await openLocalCrier();
        try {
          const { workspaceId } = await resolveWorkspace(crier, options.workspace);
          const list = (
            await crier.services.links.list(workspaceId, { postId: options.post, campaign: options.campaign })
          ).map(linkJson);
          emit(Boolean(options.json), { links: list }, () =>
            list.length === 0
              ? 'No links yet.'
              : list
                  .map((l) => `${l.shortUrl}  ${l.enabled ? '' : '(off) '}${l.network ?? 'by hand'}  → ${l.targetUrl}`)
                  .join('\n'),
          );
        } finally {
          await crier.close();
        }
      }),
    );
  links
    .command('create <url>')
    .description('Make a tracked short link by hand')
    .option('--code <code>', 'your own code (default: generated)')
    .option('--campaign <slug>', 'campaign: its slug becomes utm_campaign')
    .option('--source <source>', 'utm_source')
    .option('--medium <medium>', 'utm_medium')
    .option('--content <content>', 'utm_content')
    .option('--expires <time>', 'ISO time after which the link stops redirecting')
    .option('-w, --workspace <id>', 'workspace id (default: the first one)')
    .option('--json', 'print JSON')
    .action(
      (
        url: string,
        options: {
          code?: string;
          campaign?: string;
          source?: string;
          medium?: string;
          content?: string;
          expires?: string;
          workspace?: string;
          json?: boolean;
        },
      ) =>
        run(async () => {
          const crier = await openLocalCrier();
          try {
            const { workspaceId, ownerId } = await resolveWorkspace(crier, options.workspace);
            const link = linkJson(
              await crier.services.links.create(workspaceId, ownerId, {
                url,
                code: options.code,
                campaign: options.campaign,
                utm: { source: options.source, medium: options.medium, content: options.content },
                expiresAt: options.expires === undefined ? undefined : parseTime(options.expires, '--expires'),
              }),
            );
            emit(Boolean(options.json), link, () => `${link.shortUrl}  → ${link.targetUrl}`);
          } finally {
            await crier.close();
          }
        }),
    );
  for (const [name, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    links
      .command(`${name} <code>`)
      .description(enabled ? 'Turn a link back on' : 'Turn a link off: it shows a “turned off” page instead')
      .option('-w, --workspace <id>', 'workspace id (default: the first one)')
      .option('--json', 'print JSON')
      .action((code: string, options: { workspace?: string; json?: boolean }) =>
        run(async () => {
          const crier = await openLocalCrier();
          try {
            const { workspaceId } = await resolveWorkspace(crier, options.workspace);
            const link = linkJson(await crier.services.links.update(workspaceId, code, { enabled }));
            emit(Boolean(options.json), link, () => `${link.shortUrl} is ${enabled ? 'on' : 'off'}`);
          } finally {
            await crier.close();
          }
        }),
      );
  }
}

export function parseTime(value: string, flag: string): number {
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw invalidInput(`${flag} ${value} is not an ISO date and time`);
  return parsed;
}
