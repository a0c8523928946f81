import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { invalidInput } from '../../core/errors.js';
import { postJson } from '../../http/views.js';
import { openLocalCrier, resolveWorkspace } from '../local.js';
import { emit } from '../output.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function postsCommand(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('posts')
    .description('List posts and the state of each publication')
    .option('-w, --workspace <id>', 'workspace id (default: the first one)')
    .option('--from <time>', 'ISO start of the range (default: 7 days ago)')
    .option('--to <time>', 'ISO end of the range (default: 60 days ahead)')
    .option('--json', 'print JSON')
    .action((options: { workspace?: string; from?: string; to?: string; json?: boolean }) =>
      run(async () => {
        const crier = await openLocalCrier();
        try {
          const { workspaceId } = await resolveWorkspace(crier, options.workspace);
          const now = Date.now();
          const from = parseTime(options.from, now - 7 * DAY_MS, '--from');
          const to = parseTime(options.to, now + 60 * DAY_MS, '--to');
          const posts = (await crier.services.posts.list(workspaceId, from, to)).map(postJson);
          emit(Boolean(options.json), { posts }, () =>
            posts.length === 0
              ? 'No posts in this range.'
              : posts
                  .map((post) => {
                    const when = post.scheduledAt
                      ? DateTime.fromISO(post.scheduledAt).setZone(post.timeZone).toFormat('yyyy-LL-dd HH:mm ZZZZ')
                      : 'draft';
                    const lines = post.publications.map(
                      (p) =>
                        `    ${p.network.padEnd(8)} @${p.accountHandle.padEnd(20)} ${p.state.padEnd(10)} ${p.permalink ?? p.failure?.message ?? ''}${p.late ? ' (late)' : ''}`,
                    );
                    return [`${when}  ${post.id}  ${post.text.replace(/\s+/g, ' ').slice(0, 60)}`, ...lines].join('\n');
                  })
                  .join('\n'),
          );
        } finally {
          await crier.close();
        }
      }),
    );
}

function parseTime(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw invalidInput(`${flag} ${value} is not an ISO date and time`);
  return parsed;
}
