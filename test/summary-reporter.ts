import type { Reporter, TestModule } from 'vitest/node'

/** Prints the plain `N passed, N failed` line that CI reads (it does not read Vitest's own summary). */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    let passed = 0
    let failed = 0
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
      }
      // A file that fails to load has no tests but must not pass silently.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++
    }
    console.log(`${passed} passed, ${failed} failed`)
  }
}
