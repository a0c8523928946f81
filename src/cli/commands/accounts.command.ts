import type { Command } from 'commander';
import { accountJson } from '../../http/views.js';
import { openLocalCrier, resolveWorkspace } from '../local.js';
import { emit } from '../output.js';

export function accountsCommand(program: Command, run: (action: () => Promise<void>) => Promise<void>): void {
  program
    .command('accounts')
    .description('List the connected accounts of a workspace')
    .option('-w, --workspace <id>', 'workspace id (default: the first one)')
    .option('--json', 'print JSON')
    .action((options: { workspace?: string; json?: boolean }) =>
      run(async () => {
        const crier = await openLocalCrier();
        try {
          const { workspaceId } = await resolveWorkspace(crier, options.workspace);
          const accounts = (await crier.services.accounts.list(workspaceId)).map(accountJson);
          emit(Boolean(options.json), { accounts }, () =>
            accounts.length === 0
              ? 'No accounts yet. Connect one in the web UI (Accounts).'
              : accounts
                  .map(
                    (a) =>
                      `${a.id}  ${a.network.padEnd(8)} ${a.environment === 'sandbox' ? '[sandbox] ' : ''}@${a.handle}  ${a.state}`,
                  )
                  .join('\n'),
          );
        } finally {
          await crier.close();
        }
      }),
    );
}
