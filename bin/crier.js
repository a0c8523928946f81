#!/usr/bin/env node
// Entry point: runs the compiled CLI. `npm ci` builds it (the prepare script).
import('../dist/src/cli/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli/main.js')) {
    console.error('Crier is not built yet: run `npm run build` (npm ci does it for you).');
    process.exit(1);
  }
  throw error;
});
