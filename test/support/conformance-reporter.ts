import type { Reporter, TestModule } from 'vitest/node';

/** Prints `conformance <network>: N passed, M failed` per network, then the totals. */
export default class ConformanceReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const perNetwork = new Map<string, { passed: number; failed: number }>();
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const suite = test.fullName.split(' > ')[0] ?? test.module.moduleId;
        const network = suite.replace(/^conformance /, '');
        const counts = perNetwork.get(network) ?? { passed: 0, failed: 0 };
        if (test.result().state === 'passed') counts.passed += 1;
        else counts.failed += 1;
        perNetwork.set(network, counts);
      }
    }
    let passed = 0;
    let failed = 0;
    const lines = [...perNetwork.entries()].sort(([a], [b]) => a.localeCompare(b));
    process.stdout.write('\n');
    for (const [network, counts] of lines) {
      passed += counts.passed;
      failed += counts.failed;
      process.stdout.write(`conformance ${network}: ${counts.passed} passed, ${counts.failed} failed\n`);
    }
    process.stdout.write(`conformance total: ${passed} passed, ${failed} failed\n`);
  }
}
