#!/usr/bin/env node
/**
 * Catch each flaky test of flaky.test.js failing, replay the failure five times, and ask
 * `systape diff` why it failed:
 *
 *   node examples/flaky/catch-all.js [--out DIR] [--runs N] [--only time,random,...] [--json]
 *
 * For each test this runs, as you would at a terminal:
 *   systape catch --runs N --out DIR/<test> --test "<name>" [--chaos] -- jest ...
 *   systape replay DIR/<test>/failing.systape          (five times: the same output each time)
 *   systape diff DIR/<test>/passing.systape DIR/<test>/failing.systape
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const SYSTAPE = path.join(ROOT, 'bin', 'systape.js');
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

const TESTS = [
  { slug: 'time', name: 'two requests 40 ms apart are counted together' },
  { slug: 'random', name: 'the shuffled deck does not start with the joker' },
  { slug: 'directory', name: 'the newest report is the last one listed' },
  // (--chaos: threads take their turns in an order drawn at random, so the race comes out)
  { slug: 'race', name: 'user settings override the defaults', chaos: true },
];

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const out = path.resolve(option('--out', path.join(HERE, 'caught')));
const runs = option('--runs', '40');
const json = process.argv.includes('--json');
const only = option('--only', '').split(',').filter(Boolean);
const say = (text) => {
  if (!json) process.stdout.write(`${text}\n`);
};

function systape(args, stdio = 'pipe') {
  return spawnSync(process.execPath, [SYSTAPE, ...args], { cwd: ROOT, encoding: 'utf8', stdio });
}

/** Replays `trace` with its stdout and stderr in one file, as the recording had them. */
function replayOutput(trace, file) {
  const fd = fs.openSync(file, 'w');
  try {
    const r = systape(['replay', trace], ['ignore', fd, fd]);
    return { status: r.status, output: fs.readFileSync(file, 'utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

const results = [];
for (const t of TESTS.filter((x) => only.length === 0 || only.includes(x.slug))) {
  const dir = path.join(out, t.slug);
  say(`\n== ${t.name}`);
  const jest = ['node', JEST, '--config', path.join(HERE, 'jest.config.js'), '--rootDir', HERE];
  const chaos = t.chaos ? ['--chaos'] : [];
  const caught = systape([
    'catch',
    '--runs',
    runs,
    '--out',
    dir,
    '--test',
    t.name,
    ...chaos,
    '--',
    ...jest,
  ]);
  say(caught.stderr.trim());
  const failing = path.join(dir, 'failing.systape');
  const passing = path.join(dir, 'passing.systape');
  const result = { test: t.name, slug: t.slug, caught: caught.status === 0, runs: null };
  const at = /caught a failure at run (\d+)/.exec(caught.stderr);
  if (at) result.runs = Number(at[1]);
  if (result.caught && fs.existsSync(passing)) {
    const recorded = fs.readFileSync(path.join(dir, 'failing.log'), 'utf8');
    const replays = [1, 2, 3, 4, 5].map((i) =>
      replayOutput(failing, path.join(dir, `replay-${i}.log`)),
    );
    result.replays = replays.map((r) => ({ status: r.status, sameOutput: r.output === recorded }));
    const identical = replays.every((r) => r.status !== 0 && r.output === recorded);
    say(
      `replayed 5 times: ${identical ? 'the same failure, the same output, each time' : 'DIFFERENT'}`,
    );
    const diff = systape(['diff', '--json', passing, failing]);
    const d = JSON.parse(diff.stdout);
    result.cause = d.explanation.causes;
    result.causeGroups = d.explanation.causeGroups;
    result.scheduling = d.explanation.scheduling;
    result.divergence = d.divergence && `${d.divergence.label}: ${d.divergence.b}`;
    say(`first divergence: ${result.divergence}`);
    const cause = result.cause.length
      ? result.cause.join(', ')
      : result.scheduling
        ? 'the order threads ran in'
        : 'not found';
    say(
      `cause: ${cause}   (systape diff ${path.relative(ROOT, passing)} ${path.relative(ROOT, failing)})`,
    );
  }
  results.push(result);
}
if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
