/**
 * examples/jest run as its users would: its own Jest and config (the preset), a first run
 * that records, then two runs in CI mode that replay with the loopback server gone, with
 * the same results.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readEnd, readHeader } from '../formats/trace';

const REPO_ROOT = path.resolve(__dirname, '..');
const JEST = path.join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

interface Outcome {
  status: number | null;
  output: string;
  tests: Record<string, string>;
}

function runExamples(project: string, args: string[], env: NodeJS.ProcessEnv = {}): Outcome {
  const results = path.join(project, '..', 'results.json');
  const { CI: _ci, SYSTAPE_MODE: _mode, EXAMPLE_NO_SERVER: _server, ...clean } = process.env;
  const r = spawnSync(
    process.execPath,
    [JEST, '--rootDir', project, '--json', '--outputFile', results, ...args],
    {
      cwd: project,
      encoding: 'utf8',
      env: { ...clean, SYSTAPE_PRESET: 'systape', ...env },
      timeout: 180_000,
    },
  );
  const json = JSON.parse(fs.readFileSync(results, 'utf8')) as {
    testResults: { assertionResults: { fullName: string; status: string }[] }[];
  };
  const tests: Record<string, string> = {};
  for (const file of json.testResults)
    for (const t of file.assertionResults) tests[t.fullName] = t.status;
  return { status: r.status, output: `${r.stdout}${r.stderr}`, tests };
}

test('the Jest examples record once, then replay in CI with the server gone', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-examples-'));
  try {
    // a copy, so that recordings stay out of the checkout; systape installed as a link
    fs.cpSync(path.join(__dirname, 'jest'), path.join(root, 'examples', 'jest'), {
      recursive: true,
    });
    fs.cpSync(path.join(__dirname, 'intercept'), path.join(root, 'examples', 'intercept'), {
      recursive: true,
    });
    fs.mkdirSync(path.join(root, 'node_modules'));
    fs.symlinkSync(REPO_ROOT, path.join(root, 'node_modules', 'systape'));
    const project = path.join(root, 'examples', 'jest');

    const recorded = runExamples(project, []);
    expect(recorded.output).not.toMatch(/✕/);
    expect(recorded.status).toBe(0);
    expect(Object.values(recorded.tests)).toEqual(Array(4).fill('passed'));
    const recordings = fs.readdirSync(path.join(project, '__systapes__'));
    expect(recordings.sort()).toEqual([
      '.files',
      'http.test.js',
      'offline.test.js',
      'save-config.test.js',
    ]);
    // packed: what each recording ran and mapped is kept once, by hash, beside them all
    const kept = new Set(fs.readdirSync(path.join(project, '__systapes__', '.files')));
    for (const dir of recordings.filter((r) => r !== '.files')) {
      for (const name of fs.readdirSync(path.join(project, '__systapes__', dir))) {
        const trace = path.join(project, '__systapes__', dir, name);
        expect(readHeader(trace)).toMatchObject({ packed: true, packDir: '../.files' });
        for (const file of readEnd(trace)?.files ?? []) expect(kept).toContain(file.sha256);
      }
    }

    for (let i = 0; i < 2; i++) {
      const replayed = runExamples(project, ['--ci'], { EXAMPLE_NO_SERVER: '1' });
      expect(replayed.output).not.toMatch(/✕/);
      expect(replayed.tests).toEqual(recorded.tests);
      expect(replayed.status).toBe(0);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 300_000);
