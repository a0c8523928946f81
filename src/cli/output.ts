import { CrierError } from '../core/errors.js';

/** Prints either JSON (for scripts) or a human rendering of the same data. */
export function emit(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}

/** Turns an error into a one-line message and exit code, the CLI's version of the HTTP error mapping. */
export function reportFailure(error: unknown, json: boolean): number {
  if (error instanceof CrierError) {
    if (json)
      process.stderr.write(`${JSON.stringify({ code: error.code, message: error.message, details: error.details })}\n`);
    else {
      process.stderr.write(`crier: ${error.message}\n`);
      const problems = (
        error.details as { variants?: Array<{ displayName: string; problems: Array<{ message: string }> }> }
      )?.variants;
      for (const variant of problems ?? []) {
        for (const problem of variant.problems)
          process.stderr.write(`  - ${variant.displayName}: ${problem.message}\n`);
      }
    }
    return error.code === 'unexpected' ? 70 : 65;
  }
  process.stderr.write(`crier: ${error instanceof Error ? error.message : String(error)}\n`);
  return 70;
}
