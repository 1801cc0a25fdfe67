/**
 * What one recorded call did, as `systape stats` counts it (see stats.ts): the bytes it moved
 * and through which descriptors, the socket address it named, what it did to the files it
 * named. Read from the syscall table's argument types and memory effects wherever those tell,
 * from the call's name where they cannot (unlink and chmod take the same arguments).
 */
import { MemView, socketAddress, type SocketAddress } from '../formats/decode';
import { LE } from '../formats/decode/bytes';
import { isErrorResult, syscallNumber } from '../formats/syscalls';
import type { SyscallDef } from '../formats/syscalls/types';
import { int32, openFlags } from '../formats/trace/descriptors';
import type { SyscallRecord } from '../formats/trace/records';
import { DIRECTORY, METADATA } from './normalize';
import type { FileUse } from './stats';

const nr = (name: string): number => syscallNumber(name) ?? -1;

const O_ACCMODE = 3;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_CREAT = 0o100;
const O_TRUNC = 0o1000;
const O_DIRECTORY = 0o200000;
/** The type of a socket, without SOCK_NONBLOCK and SOCK_CLOEXEC. */
export const SOCK_TYPE_MASK = 0xf;
export const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_SEQPACKET = 5;

/** What a successful call does to the files it names (the calls the table cannot tell apart). */
const USE_BY_CALL = new Map<number, FileUse>(
  (
    [
      ['unlink unlinkat rmdir', 'deleted'],
      ['rename renameat renameat2', 'renamed'],
      // bind: a unix socket's path
      ['mkdir mkdirat mknod mknodat link linkat symlink symlinkat bind', 'created'],
      ['chdir fchdir', 'chdir'],
      [
        'chmod fchmod fchmodat fchmodat2 chown fchown lchown fchownat truncate ftruncate ' +
          'fallocate utime utimes futimesat utimensat setxattr lsetxattr fsetxattr ' +
          'removexattr lremovexattr fremovexattr setxattrat removexattrat file_setattr',
        'changed',
      ],
    ] as const
  ).flatMap(([calls, use]) => calls.split(' ').map((name) => [nr(name), use] as const)),
);

/** A byte count a call moved through descriptor `fd`. */
export interface Transfer {
  fd: number;
  dir: 'read' | 'write';
  bytes: number;
}

/**
 * The bytes a successful call moved, by descriptor, as the syscall table describes it: a
 * result that is a byte count, with a descriptor and the buffer after it that the kernel
 * filled (a read) or took (a write); bytes moved between two descriptors inside the kernel
 * (sendfile, splice, copy_file_range); messages' lengths (sendmmsg, recvmmsg).
 */
export function transfers(rec: SyscallRecord, def: SyscallDef): Transfer[] {
  if (isErrorResult(rec.ret)) return [];
  const ret = Number(rec.ret);
  const effects = def.effects ?? [];
  const fdArgs = def.args.flatMap((a, i) => (a.type === 'fd' ? [i] : []));
  if (fdArgs.length === 0 || ret <= 0) return [];
  const moved = effects.find((e) => e.dir === 'data');
  if (moved) {
    const to = fdArgs.find((i) => i !== moved.arg);
    const out: Transfer[] = [{ fd: int32(rec.args[moved.arg]), dir: 'read', bytes: ret }];
    if (to !== undefined) out.push({ fd: int32(rec.args[to]), dir: 'write', bytes: ret });
    return out;
  }
  const fd = int32(rec.args[fdArgs[0]]);
  const messages = effects.find((e) => e.layout === 'mmsghdr');
  if (messages) {
    const dir = effects.some((e) => e.layout === 'mmsghdr' && e.dir === 'in') ? 'write' : 'read';
    return [{ fd, dir, bytes: messageBytes(rec, messages.arg, ret) }];
  }
  // extended attributes are the file's metadata, not its data
  if (def.ret !== 'size' || def.name.includes('xattr')) return [];
  const data = effects.filter(
    (e) => e.arg === fdArgs[0] + 1 && ['buf', 'iovec', 'msghdr'].includes(def.args[e.arg].type),
  );
  const reads = data.some((e) => e.dir === 'out');
  const writes = data.some((e) => e.dir === 'in');
  // vmsplice names both: which way it went depends on the pipe end
  if (reads === writes) return [];
  return [{ fd, dir: reads ? 'read' : 'write', bytes: ret }];
}

/** The sum of msg_len over the first `count` struct mmsghdr (64 bytes each) at argument `arg`. */
function messageBytes(rec: SyscallRecord, arg: number, count: number): number {
  const bytes = new MemView(rec.mem).argBytes(arg, rec.args[arg], 'out');
  if (!bytes) return 0;
  const b = new LE(bytes);
  let sum = 0;
  for (let i = 0; i < count && b.has(i * 64 + 56, 4); i++) sum += b.u32(i * 64 + 56);
  return sum;
}

/**
 * The socket address a call names: its sockaddr argument (the kernel read it or wrote it,
 * whichever was captured), or the msg_name of its msghdr.
 */
export function callAddress(rec: SyscallRecord, def: SyscallDef): SocketAddress | undefined {
  for (const [i, a] of def.args.entries()) {
    if (a.type === 'sockaddr') {
      const region = rec.mem.find((m) => m.arg === i && (m.dir === 'in' || m.dir === 'out'));
      const found = region && socketAddress(region.bytes);
      if (found) return found;
    }
    if (a.type === 'msghdr') {
      const mem = new MemView(rec.mem);
      const hdr = mem.argBytes(i, rec.args[i], 'out') ?? mem.argBytes(i, rec.args[i], 'in');
      if (!hdr || hdr.length < 12) continue;
      const b = new LE(hdr);
      const name = b.u64(0) === 0n ? undefined : mem.read(b.u64(0), b.u32(8), 'out');
      const found = name && socketAddress(name);
      if (found) return found;
    }
  }
  return undefined;
}

/** `tcp`, `udp6`, `unix`, `unix-dgram`... */
export function protocolName(family: string, type: number): string {
  const t = type & SOCK_TYPE_MASK;
  switch (family) {
    case 'AF_INET':
    case 'AF_INET6': {
      const v6 = family === 'AF_INET6' ? '6' : '';
      if (t === SOCK_STREAM) return `tcp${v6}`;
      if (t === SOCK_DGRAM) return `udp${v6}`;
      return `ip${v6 || '4'}-raw`;
    }
    case 'AF_UNIX':
      return t === SOCK_DGRAM ? 'unix-dgram' : t === SOCK_SEQPACKET ? 'unix-seqpacket' : 'unix';
    case '':
      return 'socket';
    default:
      return family.replace(/^AF_/, '').toLowerCase();
  }
}

/**
 * What a successful call did to the files it names, as far as the call itself tells (`mapping`:
 * it mapped a file); the bytes it moved say the rest.
 */
export function fileUses(rec: SyscallRecord, def: SyscallDef, mapping: boolean): FileUse[] {
  const flags = def.ret === 'fd' ? openFlags(rec) : undefined;
  if (flags !== undefined) {
    const out: FileUse[] = [];
    const mode = flags & O_ACCMODE;
    if (mode !== O_WRONLY && !(flags & O_DIRECTORY)) out.push('read');
    if (mode === O_WRONLY || mode === O_RDWR || flags & O_TRUNC) out.push('written');
    if (flags & O_CREAT) out.push('created');
    return out;
  }
  if (METADATA.has(rec.nr)) return ['stat'];
  if (DIRECTORY.has(rec.nr)) return ['listed'];
  if (def.ret === 'noreturn' && def.args.some((a) => a.type === 'path')) return ['exec'];
  if (mapping) return ['mapped'];
  const use = USE_BY_CALL.get(rec.nr);
  return use ? [use] : [];
}
