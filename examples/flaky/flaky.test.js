/**
 * Four tests that fail now and then, each for a different reason. `catch-all.js` catches
 * each failing, replays it, and asks `systape diff` why it failed.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createLimiter } = require('./rate-limit');
const { shuffle } = require('./deck');
const { writeReports, newestReport } = require('./reports');
const { loadSettings } = require('./settings');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('two requests 40 ms apart are counted together', async () => {
  const limiter = createLimiter(2);
  const first = limiter.hit();
  await sleep(40);
  const second = limiter.hit();
  expect(second.count).toBe(first.count + 1);
});

test('the shuffled deck does not start with the joker', () => {
  const deck = shuffle(['ace', 'king', 'queen', 'joker']);
  expect(deck[0]).not.toBe('joker');
});

test('the newest report is the last one listed', async () => {
  // a scratch directory on tmpfs where there is one (as /tmp is on many CI machines)
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : require('node:os').tmpdir();
  const dir = path.join(base, 'systape-flaky-reports');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  try {
    // fixtures in arbitrary order, as a generated test would make them
    writeReports(dir, shuffle(['report-1.txt', 'report-2.txt', 'report-3.txt']));
    expect(await newestReport(dir)).toBe('report-3.txt');
  } finally {
    // every run starts from no directory, whichever way the last one went
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('user settings override the defaults', async () => {
  const dir = path.join(require('node:os').tmpdir(), 'systape-flaky-settings');
  fs.mkdirSync(dir, { recursive: true });
  // the defaults carry a large table (fonts, say): they take longer to read than the user's
  const fonts = Array.from({ length: 12000 }, (_, i) => `font-${i}`);
  fs.writeFileSync(path.join(dir, 'defaults.json'), JSON.stringify({ theme: 'light', fonts }));
  fs.writeFileSync(path.join(dir, 'user.json'), JSON.stringify({ theme: 'dark' }));
  const settings = await loadSettings(path.join(dir, 'defaults.json'), path.join(dir, 'user.json'));
  expect(settings.theme).toBe('dark');
});
