/**
 * intercept(): real programs whose chosen calls stop for TypeScript callbacks, which read
 * and change arguments, skip calls, fail them, and change results; every thread and child
 * process is followed; unknown names and failing callbacks give clear errors.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  intercept,
  InterceptCallbackError,
  type InterceptedCall,
  type InterceptOptions,
} from '../recorder/intercept';
import { fixture } from './helpers/fixtures';
import { makeTempDir, removeTempDirs } from './helpers/record';

afterAll(removeTempDirs);

/** Run argv under intercept with stdout and stderr in files; returns them with the result. */
async function run(argv: string[], options: InterceptOptions) {
  const dir = makeTempDir('systape-intercept-');
  const outPath = path.join(dir, 'out');
  const errPath = path.join(dir, 'err');
  const out = fs.openSync(outPath, 'w');
  const err = fs.openSync(errPath, 'w');
  try {
    const result = await intercept(argv, { ...options, stdio: [undefined, out, err] });
    return {
      ...result,
      stdout: fs.readFileSync(outPath, 'utf8'),
      stderr: fs.readFileSync(errPath, 'utf8'),
    };
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
  }
}

describe('arguments and results', () => {
  const dir = makeTempDir('systape-intercept-files-');
  const real = path.join(dir, 'real.txt');
  const other = path.join(dir, 'other.txt');
  fs.writeFileSync(real, 'the real file\n');
  fs.writeFileSync(other, 'another file\n');

  test('an openat path changed at entry: the program reads the other file', async () => {
    const r = await run(['cat', real], {
      syscalls: ['openat'],
      onEntry(call) {
        if (call.readString(call.args[1]) === real) call.setStringArg(1, other);
      },
    });
    expect(r.exitStatus).toBe(0);
    expect(r.stdout).toBe('another file\n');
    expect(fs.readFileSync(real, 'utf8')).toBe('the real file\n');
  });

  test('the 2nd write fails with ENOSPC: the program reports it', async () => {
    let writes = 0;
    const r = await run(['bash', '-c', 'echo one; echo two; echo three'], {
      syscalls: ['write'],
      onEntry(call) {
        if (Number(call.args[0]) === 1 && ++writes === 2) call.fail('ENOSPC');
      },
    });
    expect(r.stdout).toBe('one\nthree\n');
    expect(r.stderr).toMatch(/write error: No space left on device/);
  });

  test('unlink skipped: rm succeeds and the file survives', async () => {
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'still here');
    const seen: string[] = [];
    const r = await run(['rm', victim], {
      syscalls: ['unlink', 'unlinkat'],
      onEntry(call) {
        seen.push(call.toString());
        call.skip(0);
      },
    });
    expect(r.exitStatus).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('still here');
    expect(seen.join('\n')).toContain(JSON.stringify(victim));
  });

  test('a read result rewritten at exit: the program sees the new bytes', async () => {
    const r = await run(['head', '-n', '1', real], {
      syscalls: ['read'],
      onExit(call) {
        if (!call.ok || call.ret === 0n) return;
        const got = call.readMemory(call.args[1], Number(call.ret)).toString();
        if (got.startsWith('the real')) call.writeMemory(call.args[1], got.toUpperCase());
      },
    });
    expect(r.stdout).toBe('THE REAL FILE\n');
  });

  test('a result replaced at exit, and errno names for failures', async () => {
    const seen: { ret: bigint | undefined; errno: string | undefined }[] = [];
    const r = await run(['cat', path.join(dir, 'missing')], {
      syscalls: ['openat'],
      onExit(call) {
        if (call.readString(call.args[1]).endsWith('missing')) {
          seen.push({ ret: call.ret, errno: call.errno });
          call.fail('EACCES');
        }
      },
    });
    expect(seen).toEqual([{ ret: -2n, errno: 'ENOENT' }]);
    expect(r.exitStatus).toBe(1);
    expect(r.stderr).toMatch(/Permission denied/);
  });
});

describe('processes and threads', () => {
  test('a fork + exec child is followed', async () => {
    const opened: { pid: number; path: string }[] = [];
    const r = await run(['sh', '-c', 'cat /etc/hostname; true'], {
      syscalls: ['openat', 'execve'],
      onEntry(call) {
        if (call.name === 'openat') opened.push({ pid: call.pid, path: call.decoded()[1] });
      },
    });
    expect(r.exitStatus).toBe(0);
    const hostname = opened.find((o) => o.path === '"/etc/hostname"');
    expect(hostname).toBeDefined();
    expect(hostname?.pid).not.toBe(r.rootPid);
  });

  test('every thread of a threaded program is followed', async () => {
    const tids = new Set<number>();
    const pids = new Set<number>();
    const r = await run([fixture('threads')], {
      syscalls: ['gettid'],
      onEntry(call) {
        tids.add(call.tid);
        pids.add(call.pid);
      },
    });
    expect(r.exitStatus).toBe(0);
    expect(tids.size).toBe(4);
    expect([...pids]).toEqual([r.rootPid]);
  });

  test('async callbacks: the thread waits until the promise settles', async () => {
    const order: string[] = [];
    const r = await run(['sh', '-c', 'echo a; echo b'], {
      syscalls: ['write'],
      async onEntry(call: InterceptedCall) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(call.readMemory(call.args[1], Number(call.args[2])).toString());
      },
    });
    expect(r.stdout).toBe('a\nb\n');
    expect(order).toEqual(['a\n', 'b\n']);
  });

  test('detach: no more callbacks for that process, and its calls still work', async () => {
    let calls = 0;
    const r = await run(['sh', '-c', 'echo a; echo b; echo c'], {
      syscalls: ['write'],
      onEntry(call) {
        calls++;
        call.detach();
      },
    });
    expect(calls).toBe(1);
    expect(r.stdout).toBe('a\nb\nc\n');
  });
});

describe('bad input', () => {
  test('an unknown syscall name names near matches', async () => {
    await expect(intercept(['true'], { syscalls: ['opnat'] })).rejects.toThrow(
      /unknown syscall "opnat"; did you mean .*openat/,
    );
  });

  test('an unknown errno is refused', async () => {
    await expect(
      run(['true'], {
        syscalls: ['exit_group'],
        onEntry(call) {
          call.fail('ENOSPACE');
        },
      }),
    ).rejects.toThrow(/unknown errno "ENOSPACE"; did you mean .*ENOSPC/);
  });

  test('a callback that throws stops the program and says which call it handled', async () => {
    const dir = makeTempDir('systape-intercept-throw-');
    const marker = path.join(dir, 'after');
    const err = await run(['sh', '-c', `cat /etc/hostname; touch ${marker}`], {
      syscalls: ['openat'],
      onEntry(call) {
        if (call.readString(call.args[1]) === '/etc/hostname') throw new Error('boom');
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterceptCallbackError);
    expect((err as Error).message).toMatch(/openat\(AT_FDCWD, "\/etc\/hostname".*boom/);
    expect(fs.existsSync(marker)).toBe(false);
    // nothing left running
    const left = spawnSync('pgrep', ['-f', marker]);
    expect(left.status).toBe(1);
  });
});
