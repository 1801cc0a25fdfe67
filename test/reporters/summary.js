/**
 * Prints one closing line, `tests: N passed, N failed`, that tools reading
 * test logs understand whatever the runner.
 */
'use strict';

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed` +
        (skipped ? `, ${skipped} skipped` : '') +
        '\n',
    );
  }
}

module.exports = SummaryReporter;
