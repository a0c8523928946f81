import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import type { Account } from '../../core/model.js';
import { isNetwork, type Network } from '../../core/networks.js';
import { postJson } from '../../http/views.js';
import { openLocalCrier, resolveWorkspace } from '../local.js';
import { emit } from '../output.js';

interface PostOptions {
  workspace?: string;
  text: string;
  account: string[];
  at?: string;
  in?: string;
  tz?: string;
  image: string[];
  alt: string[];
  variant: string[];
  draft?: boolean;
  campaign?: string;
  trackLinks: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function postCommand(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('post')
    .description('Compose a post and schedule it on one or more accounts (the running `crier serve` publishes it)')
    .requiredOption('-t, --text <text>', 'main text of the post')
    .option('-a, --account <id-or-handle>', 'account id or handle; repeat for several', collect, [])
    .option('--at <time>', 'when: ISO with offset, or wall-clock time read in --tz (default: now)')
    .option('--in <duration>', 'when, relative: e.g. 90s, 2m, 1h')
    .option('--tz <zone>', 'IANA time zone for --at (default: the workspace time zone)')
    .option('--image <file>', 'attach an image; repeat for several', collect, [])
    .option('--alt <text>', 'alt text for the image at the same position', collect, [])
    .option('--variant <network=text>', 'text for one network instead of the main text', collect, [])
    .option('--draft', 'save as a draft instead of scheduling')
    .option('--campaign <slug>', 'campaign of the post: its slug becomes utm_campaign')
    .option('--no-track-links', 'keep URLs as written instead of tracked short links')
    .option('-w, --workspace <id>', 'workspace id (default: the first one)')
    .option('--json', 'print JSON')
    .action((options: PostOptions) =>
      run(async () => {
        const crier = await openLocalCrier();
        try {
          const { workspaceId, ownerId } = await resolveWorkspace(crier, options.workspace);
          const accounts = await crier.services.accounts.list(workspaceId);
          if (options.account.length === 0) throw invalidInput('Name at least one --account (see `crier accounts`)');
          const accountIds = options.account.map((wanted) => findAccount(accounts, wanted).id);
          const mediaIds: string[] = [];
          for (const [index, file] of options.image.entries()) {
            const bytes = await fs.readFile(file).catch((error: NodeJS.ErrnoException) => {
              throw invalidInput(`Cannot read ${file}: ${error.code ?? error.message}`);
            });
            const media = await crier.services.media.upload({
              workspaceId,
              fileName: path.basename(file),
              bytes,
              altText: options.alt[index] ?? '',
            });
            mediaIds.push(media.id);
          }
          const workspace = (await crier.services.auth.memberships(ownerId)).find(
            (m) => m.workspace.id === workspaceId,
          );
          const timeZone = options.tz ?? workspace?.workspace.timeZone ?? 'UTC';
          const post = await crier.services.posts.create(workspaceId, ownerId, {
            text: options.text,
            mediaIds,
            accountIds,
            variants: options.variant.map(parseVariant),
            scheduledAt: options.draft ? null : scheduleTime(options),
            timeZone,
            campaignId: options.campaign ?? null,
            trackLinks: options.trackLinks,
          });
          const view = postJson(post);
          emit(Boolean(options.json), view, () =>
            [
              `${options.draft ? 'Saved draft' : 'Scheduled'} post ${view.id}${view.scheduledAt ? ` for ${view.scheduledAt}` : ''}`,
              ...view.publications.map((p) => `  ${p.network} @${p.accountHandle}: ${p.state} (${p.id})`),
            ].join('\n'),
          );
        } finally {
          await crier.close();
        }
      }),
    );
}

function findAccount(accounts: Account[], wanted: string): Account {
  const handle = wanted.replace(/^@/, '');
  const matches = accounts.filter((account) => account.id === wanted || account.handle === handle);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) throw invalidInput(`${wanted} matches several accounts; use the account id`);
  throw invalidInput(`Unknown account ${wanted} (see \`crier accounts\`)`);
}

function parseVariant(value: string): { network: Network; text: string } {
  const separator = value.indexOf('=');
  const network = value.slice(0, separator);
  if (separator < 1 || !isNetwork(network))
    throw invalidInput(`--variant takes network=text, e.g. x="Short text"; got ${value}`);
  return { network, text: value.slice(separator + 1) };
}

function scheduleTime(options: PostOptions): string {
  if (options.at && options.in) throw invalidInput('Use --at or --in, not both');
  if (options.at) return options.at;
  if (options.in) {
    const match = /^(\d+)\s*(s|m|h|d)$/.exec(options.in.trim());
    if (!match) throw invalidInput(`--in takes a number and a unit (s, m, h, d), e.g. 2m; got ${options.in}`);
    const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(Date.now() + Number(match[1]) * unitMs).toISOString();
  }
  return new Date().toISOString();
}
