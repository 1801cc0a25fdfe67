// A CLI that must not touch the network, and reads only what it is given.
const path = require('node:path');
const { systape } = require('systape/jest');

test('wordcount reads its file and nothing else, offline', async () => {
  const run = await systape.run(
    [process.execPath, path.join(__dirname, 'bin', 'wordcount.js'), 'words.txt'],
    { cwd: path.join(__dirname, 'data') },
  );
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toBe('5\n');
  expect(run).toHaveSyscall('openat', { pathname: 'words.txt', flags: 'O_RDONLY' });
  expect(run).not.toUseNetwork();
  // node itself reads its own files; what the CLI touched is below this example
  expect(run.trace.files.read.filter((f) => f.endsWith('.txt'))).toEqual([
    path.join(__dirname, 'data', 'words.txt'),
  ]);
});
