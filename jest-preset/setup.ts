/**
 * Registered by the preset (`preset: 'systape'`) after Jest's environment is
 * up: systape's matchers, its C core ready, and a word at the end of each test file about its
 * recordings that no test used (a test renamed or removed).
 */
import * as path from 'node:path';
import { prepareNativeCore } from '../recorder/native/binding';
import { matchers } from './matchers';
import { unusedRecordings } from './run';

declare const expect: { extend(m: object): void; getState(): { testPath?: string } };
declare const afterAll: (fn: () => void) => void;

expect.extend(matchers);
// The C core is built on first use when the install did not build it: here, before any
// test's timeout runs, rather than inside the first systape.run.
prepareNativeCore();

afterAll(() => {
  const testPath = expect.getState().testPath;
  if (!testPath) return;
  const unused = unusedRecordings(testPath);
  if (unused.length === 0) return;
  const names = unused.map((f) => `  ${path.relative(process.cwd(), f)}`).join('\n');
  process.stderr.write(
    `systape: ${unused.length} recording${unused.length === 1 ? '' : 's'} no test of ` +
      `${path.relative(process.cwd(), testPath)} used (renamed or removed tests?):\n${names}\n`,
  );
});
