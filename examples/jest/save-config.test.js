// A CLI that saves its settings atomically (temporary file, fsync, rename), and fails
// cleanly when the disk is full: no half-written settings, no temporary file left.
const path = require('node:path');
const { systape } = require('systape/jest');

const saveConfig = path.join(__dirname, '..', 'intercept', 'save-config.js');
const argv = [process.execPath, saveConfig, 'settings.json', 'theme=light'];
const cwd = path.join(__dirname, 'data');

test('saves through a temporary file, fsync and rename', async () => {
  const run = await systape.run(argv, { cwd, inject: ['rename:EXDEV'] });
  // (rename fails here on purpose, so that the example's settings.json stays as it is)
  expect(run).toHaveSyscallSequence([
    ['openat', { pathname: '*.tmp-*', flags: 'O_WRONLY|O_CREAT' }],
    ['write', { buf: /"theme": "light"/ }],
    'fsync',
    ['rename', { newpath: 'settings.json' }],
  ]);
});

test('a full disk: a clear message, the old settings kept, no temporary file left', async () => {
  const run = await systape.run(argv, { cwd, inject: ['write:ENOSPC:path=*.tmp-*'] });
  expect(run.exitCode).toBe(1);
  expect(run.stderr).toMatch(/save-config: cannot save settings.json: ENOSPC/);
  expect(run).not.toHaveSyscall('rename');
  expect(run).toHaveSyscallSequence([
    ['openat', { pathname: '*.tmp-*' }],
    ['write', [undefined, /light/]],
    ['unlink', { pathname: '*.tmp-*' }],
  ]);
});
