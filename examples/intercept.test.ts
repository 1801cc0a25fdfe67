import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { injector, parseInjection } from '../recorder/inject';
import { intercept } from '../recorder/intercept';
import { logOpens, type Opened } from './intercept/log-opens';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-example-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('log-opens: every file a command opens, with its result', async () => {
  fs.writeFileSync(path.join(tmp, 'here.txt'), 'x');
  const opened: Opened[] = [];
  const devNull = fs.openSync('/dev/null', 'w');
  const r = await logOpens(
    ['sh', '-c', `cat ${tmp}/here.txt ${tmp}/missing.txt`],
    (o) => opened.push(o),
    [undefined, devNull, devNull],
  );
  fs.closeSync(devNull);
  expect(r.exitStatus).toBe(1);
  expect(opened).toContainEqual(expect.objectContaining({ path: `${tmp}/here.txt`, result: 3 }));
  expect(opened).toContainEqual(
    expect.objectContaining({ path: `${tmp}/missing.txt`, result: 'ENOENT' }),
  );
  // cat runs in a child of sh: its opens are followed there
  expect(opened.find((o) => o.path.endsWith('here.txt'))?.pid).not.toBe(r.rootPid);
});

test('save-config keeps the old settings when the disk is full', async () => {
  const file = path.join(tmp, 'settings.json');
  fs.writeFileSync(file, '{"theme": "dark"}\n');
  const errFile = path.join(tmp, 'err');
  const err = fs.openSync(errFile, 'w');
  const r = await intercept(
    [process.execPath, path.join(__dirname, 'intercept', 'save-config.js'), file, 'theme=light'],
    {
      ...injector([parseInjection('write:ENOSPC:path=*.tmp-*')]),
      stdio: [undefined, undefined, err],
    },
  );
  fs.closeSync(err);
  expect(r.exitStatus).toBe(1);
  expect(fs.readFileSync(errFile, 'utf8')).toMatch(/cannot save .*settings.json: ENOSPC/);
  expect(fs.readFileSync(file, 'utf8')).toBe('{"theme": "dark"}\n');
  expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);

  // and with room on the disk, it saves
  const ok = await intercept(
    [process.execPath, path.join(__dirname, 'intercept', 'save-config.js'), file, 'theme=light'],
    { syscalls: [] },
  );
  expect(ok.exitStatus).toBe(0);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ theme: 'light' });
}, 30_000);
