import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/** `npm run test:conformance`: the shared connector suite against every emulator, with a line per network. */
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/conformance/**/*.conformance.test.ts'],
    reporters: ['default', './test/support/conformance-reporter.ts'],
  },
});
