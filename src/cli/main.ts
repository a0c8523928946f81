import { Command } from 'commander';
import { CONFIG_DOCS } from '../config/config.js';
import { VERSION } from '../crier.js';
import { accountsCommand } from './commands/accounts.command.js';
import { linksCommands } from './commands/links.command.js';
import { postCommand } from './commands/post.command.js';
import { postsCommand } from './commands/posts.command.js';
import { reportCommand } from './commands/report.command.js';
import { serveCommand } from './commands/serve.command.js';
import { workerCommand } from './commands/worker.command.js';
import { reportFailure } from './output.js';

const program = new Command()
  .name('crier')
  .description('Crier: compose once, publish everywhere, measure what works')
  .version(VERSION);

async function run(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    process.exitCode = reportFailure(error, process.argv.includes('--json'));
  }
}

serveCommand(program, run);
workerCommand(program, run);
accountsCommand(program, run);
postCommand(program, run);
postsCommand(program, run);
linksCommands(program, run);
reportCommand(program, run);
program
  .command('config')
  .description('List the environment variables Crier reads')
  .action(() => {
    for (const [name, doc] of Object.entries(CONFIG_DOCS)) process.stdout.write(`${name.padEnd(30)} ${doc}\n`);
  });

await program.parseAsync(process.argv);
