/**
 * The programs the benchmark runs natively, under `systape record`, under strace and under
 * `systape replay`. Some need inputs (a tree of files, a TypeScript project); those are
 * generated once per benchmark run in a temporary directory that {@link WorkloadSet.cleanup}
 * removes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** One benchmarked program. */
export interface Workload {
  /** Short name, used in the table, in `--only` and as the trace file name. */
  name: string;
  /** argv of the program; `cmd[0]` is looked up on PATH or is absolute. */
  cmd: string[];
  /** How to show the command in the table (absolute paths shortened). */
  label: string;
  cwd?: string;
}

/** A workload left out of this run, and why. */
export interface Skipped {
  name: string;
  reason: string;
}

/** The workloads of one run plus the temporary inputs they use. */
export interface WorkloadSet {
  workloads: Workload[];
  skipped: Skipped[];
  /** Directory holding generated inputs and traces; removed by {@link cleanup}. */
  tmpRoot: string;
  cleanup(): void;
}

/** The program whose record time, minus its native time, is systape's fixed start-up cost. */
export const STARTUP_WORKLOAD: Workload = { name: 'true', cmd: ['true'], label: 'true' };

const TAR_FILES = 3000;

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * 3000 small files in 30 directories. GNU tar notices that its archive is /dev/null and skips
 * reading file contents, so this measures a directory walk: about two syscalls per file.
 */
function makeTree(root: string): string {
  const tree = path.join(root, 'tree');
  for (let i = 0; i < TAR_FILES; i++) {
    const dir = path.join(tree, `d${String(Math.floor(i / 100)).padStart(2, '0')}`);
    if (i % 100 === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `f${i}.txt`), `file ${i}\n`);
  }
  return tree;
}

/** A small but real TypeScript project: type-checking it takes about a second of real work. */
function makeTsProject(root: string): string {
  const dir = path.join(root, 'ts-project');
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', types: [] },
      include: ['*.ts'],
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'queue.ts'),
    [
      'export class Queue<T> {',
      '  private items: T[] = [];',
      '  push(item: T): void { this.items.push(item); }',
      '  shift(): T | undefined { return this.items.shift(); }',
      '  get size(): number { return this.items.length; }',
      '}',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    [
      "import { Queue } from './queue';",
      'type Job = { id: number; name: string };',
      'const q = new Queue<Job>();',
      'for (let i = 0; i < 10; i++) q.push({ id: i, name: `job${i}` });',
      'export const names: string[] = [];',
      'for (let j = q.shift(); j; j = q.shift()) names.push(j.name.toUpperCase());',
      '',
    ].join('\n'),
  );
  return dir;
}

/** The python3 interpreter's own path (past any shim on PATH), or undefined without one. */
function pythonInterpreter(): string | undefined {
  const res = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  });
  const exe = res.status === 0 ? res.stdout.trim() : '';
  return exe && path.isAbsolute(exe) ? exe : undefined;
}

/** True if `repo` is a git work tree with at least one commit. */
function gitHasCommits(repo: string): boolean {
  const res = spawnSync('git', ['-C', repo, 'rev-parse', '--verify', '-q', 'HEAD'], {
    stdio: 'ignore',
  });
  return res.status === 0;
}

/**
 * Builds the workload list, generating inputs under a fresh directory in `os.tmpdir()`.
 *
 * @param repoRoot - the systape repository (for `git log` and the bundled TypeScript compiler)
 */
export function prepareWorkloads(repoRoot: string): WorkloadSet {
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-bench-'));
  const workloads: Workload[] = [];
  const skipped: Skipped[] = [];
  const node = process.execPath;

  workloads.push({
    name: 'dd',
    cmd: ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=200000'],
    label: 'dd if=/dev/zero of=/dev/null bs=1 count=200000',
  });
  workloads.push({ name: 'node', cmd: [node, '-e', '0'], label: 'node -e 0' });
  const python = pythonInterpreter();
  if (python) {
    // The interpreter itself, as `node` is: `python3` on PATH may be a version manager's
    // shim (pyenv's runs some 40 bash processes first), which the `sh` row measures.
    workloads.push({
      name: 'python',
      cmd: [python, '-c', 'import json'],
      label: "python3 -c 'import json'",
    });
  } else {
    skipped.push({ name: 'python', reason: 'python3 not found' });
  }
  workloads.push({
    name: 'sh',
    cmd: [
      'sh',
      '-c',
      'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do /bin/true; done',
    ],
    label: 'sh: 20 × fork and exec of /bin/true',
  });
  if (onPath('tar')) {
    const tree = makeTree(tmpRoot);
    workloads.push({
      name: 'tar',
      cmd: ['tar', '-cf', '/dev/null', '-C', path.dirname(tree), path.basename(tree)],
      label: `tar -cf /dev/null (${TAR_FILES} files)`,
    });
  } else {
    skipped.push({ name: 'tar', reason: 'tar not found' });
  }
  // A git command over this repository: real, but only meaningful once it has history.
  if (onPath('git') && gitHasCommits(repoRoot)) {
    workloads.push({
      name: 'git',
      cmd: ['git', '-C', repoRoot, 'log', '--oneline', '-n', '2000'],
      label: 'git log --oneline -n 2000 (systape repo)',
    });
  } else {
    skipped.push({ name: 'git', reason: `no git history in ${repoRoot}` });
  }
  // The longer real workload: Node running tsc on a small project (~1 s natively).
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'lib', 'tsc.js');
  if (fs.existsSync(tsc)) {
    workloads.push({
      name: 'tsc',
      cmd: [node, tsc, '-p', makeTsProject(tmpRoot)],
      label: 'node tsc.js -p (2-file project)',
    });
  } else {
    skipped.push({ name: 'tsc', reason: `${tsc} not found` });
  }

  return {
    workloads,
    skipped,
    tmpRoot,
    cleanup: () => fs.rmSync(tmpRoot, { recursive: true, force: true }),
  };
}
