/**
 * The Jest preset as a user gets it: systape packed (`npm pack`), installed into a fresh
 * project whose jest.config.js says only `preset: 'systape'`, and that project's Jest run
 * for real: tests record their runs the first time and replay them after (also under
 * --ci), a wrong expectation fails with a readable diff, --ci with a missing recording
 * fails naming the file, and the matchers are typed for TypeScript.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeTempDirs, REPO_ROOT } from './helpers/record';

afterAll(removeTempDirs);

const JEST = path.join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const CLI_TEST = `
const { systape } = require('systape/jest');

test('greets, writing a file and touching no network', async () => {
  const run = await systape.run(['sh', '-c', 'echo hello > greeting.txt; cat greeting.txt'], {
    cwd: __dirname,
  });
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toBe('hello\\n');
  expect(run).toHaveSyscall('openat', { pathname: 'greeting.txt', flags: 'O_WRONLY|O_CREAT' });
  expect(run).toHaveSyscallSequence([['openat', { pathname: 'greeting.txt' }], ['write', [1]]]);
  expect(run).toAccessOnly(['**/tests/**']);
  expect(run).not.toUseNetwork();
});
`;

const SNAPSHOT_TEST = `
const { systape } = require('systape/jest');

test('its calls, as a snapshot', async () => {
  const run = await systape.run(['sh', '-c', 'echo hi > note.txt; cat note.txt'], { cwd: __dirname });
  expect(run).toMatchSyscallSnapshot({ only: ['openat', 'write', 'dup2'] });
});
`;

const WRONG_TEST = `
const { systape } = require('systape/jest');

test('expects a call the program never makes', async () => {
  const run = await systape.run(['sh', '-c', 'echo hi > note.txt'], { cwd: __dirname });
  expect(run).toHaveSyscallSequence([
    ['openat', { pathname: 'note.txt' }],
    ['unlinkat', { pathname: 'note.txt' }],
  ]);
});
`;

const TYPED_TEST = `
import { expect, test } from '@jest/globals';
import { systape, type RunResult } from 'systape/jest';

test('typed', async () => {
  const run: RunResult = await systape.run(['true'], { cwd: '/tmp', inject: ['write:EIO'] });
  expect(run).toHaveSyscall('openat', { pathname: '*.json', flags: /O_RDONLY/ });
  expect(run).toHaveSyscall('write', [1, expect.any(String)]);
  expect(run).not.toUseNetwork();
  expect(run.trace).toHaveSyscallSequence(['openat', ['read', [3]], { name: 'close' }]);
  expect(run).toAccessOnly(['**'], { system: true });
  const paths: string[] = run.trace.files.read;
  expect(paths).toBeDefined();
  // @ts-expect-error no such matcher
  expect(run).toHaveSyscal('openat');
  // @ts-expect-error a syscall is named by a string
  expect(run).toHaveSyscall(42);
});
`;

interface JestRun {
  status: number | null;
  output: string;
  results: { testResults: { assertionResults: { title: string; status: string }[] }[] };
}

function runJest(project: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): JestRun {
  const results = path.join(project, 'results.json');
  fs.rmSync(results, { force: true });
  const { CI: _ci, SYSTAPE_MODE: _mode, ...clean } = process.env;
  const r = spawnSync(
    process.execPath,
    [JEST, '--rootDir', project, '--json', '--outputFile', results, ...args],
    { cwd: project, encoding: 'utf8', env: { ...clean, ...env }, timeout: 120_000 },
  );
  return {
    status: r.status,
    output: `${r.stdout}${r.stderr}`,
    results: JSON.parse(fs.readFileSync(results, 'utf8')) as JestRun['results'],
  };
}

/** Each test's status, and Jest's output with them when one is not as `expected` says. */
function expectStatuses(run: JestRun, expected: Record<string, string>): void {
  const got: Record<string, string> = {};
  for (const file of run.results.testResults)
    for (const t of file.assertionResults) got[t.title] = t.status;
  const same =
    JSON.stringify(Object.entries(got).sort()) === JSON.stringify(Object.entries(expected).sort());
  if (!same) throw new Error(`tests ended ${JSON.stringify(got)}; Jest said:\n${run.output}`);
}

describe('preset: systape in a fresh project', () => {
  let project = '';
  const recording = () =>
    path.join(
      project,
      'tests',
      '__systapes__',
      'cli.test.js',
      'greets, writing a file and touching no network.systape',
    );

  beforeAll(() => {
    const packs = makeTempDir('systape-pack-');
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      }),
    ) as { filename: string }[];
    project = makeTempDir('systape-project-');
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'uses-systape', private: true }, null, 2),
    );
    execFileSync(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
        path.join(packs, packed[0].filename),
      ],
      { cwd: project, stdio: 'ignore' },
    );
    fs.writeFileSync(
      path.join(project, 'jest.config.js'),
      "module.exports = { preset: 'systape' };\n",
    );
    fs.mkdirSync(path.join(project, 'tests'));
    fs.writeFileSync(path.join(project, 'tests', 'cli.test.js'), CLI_TEST);
    fs.writeFileSync(path.join(project, 'tests', 'wrong.test.js'), WRONG_TEST);
    fs.writeFileSync(path.join(project, 'tests', 'snapshot.test.js'), SNAPSHOT_TEST);
  }, 240_000);

  test('the first run records; a wrong expectation fails with a readable diff', () => {
    const run = runJest(project);
    expectStatuses(run, {
      'greets, writing a file and touching no network': 'passed',
      'expects a call the program never makes': 'failed',
      'its calls, as a snapshot': 'passed',
    });
    expect(fs.existsSync(recording())).toBe(true);
    expect(run.output).toMatch(
      /1 of 2 steps found in order; no "unlinkat\(pathname: \\"note.txt\\"\)"/,
    );
    expect(run.output).toMatch(/- Expected steps/);
    expect(run.output).toMatch(
      /openat\(AT_FDCWD, "note.txt", O_WRONLY\|O_CREAT\|O_TRUNC, 0666\) = 3/,
    );
    // the syscall snapshot, written by Jest: normalised lines, descriptors by first use
    const snap = fs.readFileSync(
      path.join(project, 'tests', '__snapshots__', 'snapshot.test.js.snap'),
      'utf8',
    );
    expect(snap).toContain('openat(AT_FDCWD, "note.txt", O_WRONLY|O_CREAT|O_TRUNC, 0666) = fd3');
    expect(snap).toContain('dup2(fd3, 1) = 1');
    expect(snap).toContain('openat(AT_FDCWD, "note.txt", O_RDONLY) = fd3');
    expect(snap).not.toMatch(/\/lib\/|ld\.so|locale|<pid>|0x/);
  }, 120_000);

  test('later runs replay, also under --ci, with the same results', () => {
    const before = fs.statSync(recording()).mtimeMs;
    for (const args of [[], ['--ci']]) {
      const run = runJest(project, args);
      expectStatuses(run, {
        'greets, writing a file and touching no network': 'passed',
        'expects a call the program never makes': 'failed',
        'its calls, as a snapshot': 'passed',
      });
    }
    expect(fs.statSync(recording()).mtimeMs).toBe(before);
    // replayed, not run: the file the program writes is not written again
    fs.rmSync(path.join(project, 'tests', 'greeting.txt'));
    runJest(project, ['--ci', 'tests/cli.test.js']);
    expect(fs.existsSync(path.join(project, 'tests', 'greeting.txt'))).toBe(false);
  }, 120_000);

  test('--ci with a missing recording fails and names the file; -u records again', () => {
    fs.rmSync(recording());
    const ci = runJest(project, ['--ci', 'tests/cli.test.js']);
    expect(ci.status).not.toBe(0);
    expect(ci.output).toMatch(
      /no recording tests\/__systapes__\/cli\.test\.js\/greets, writing a file and touching no network\.systape .*\(jest --ci makes none\)/,
    );
    const update = runJest(project, ['-u', 'tests/cli.test.js']);
    expect(update.status).toBe(0);
    expect(fs.existsSync(recording())).toBe(true);
  }, 120_000);

  test('recordings no test used are reported', () => {
    const stray = path.join(path.dirname(recording()), 'a test that was renamed.systape');
    fs.copyFileSync(recording(), stray);
    const run = runJest(project, ['tests/cli.test.js']);
    expect(run.output).toMatch(/systape: 1 recording no test of tests\/cli\.test\.js used/);
    expect(run.output).toContain('a test that was renamed.systape');
    fs.rmSync(stray);
  }, 120_000);

  test('the matchers are typed: a TypeScript test compiles, a wrong use does not', () => {
    fs.writeFileSync(path.join(project, 'typed.test.ts'), TYPED_TEST);
    const modules = path.join(REPO_ROOT, 'node_modules');
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'node16',
          moduleResolution: 'node16',
          types: [],
          skipLibCheck: true,
          // Jest's own packages from systape's checkout; systape from the project
          paths: {
            '@jest/globals': [path.join(modules, '@jest', 'globals')],
            expect: [path.join(modules, 'expect')],
          },
        },
        files: ['typed.test.ts'],
      }),
    );
    const r = spawnSync(process.execPath, [TSC, '-p', project], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
