/** File-system structs: stat, statx, statfs, linux_dirent64, flock, open_how. */
import type { LE } from '../bytes';
import {
  formatDev,
  formatEnum,
  formatFileMode,
  formatFlags,
  formatOctal,
  hex,
  quoteCString,
} from '../values';
import { formatFields, formatList, type StructEntry } from './context';

const S_IFMT = 0o170000;
const isDevice = (mode: number): boolean =>
  (mode & S_IFMT) === 0o020000 || (mode & S_IFMT) === 0o060000;

/**
 * struct stat (x86-64, 144 bytes), abbreviated as strace does by default:
 * the mode, then the size, or the device number for device files.
 */
export const stat: StructEntry = {
  size: 144,
  decode(b) {
    const mode = b.u32(24);
    return formatFields(
      [
        ['st_mode', formatFileMode(mode)],
        isDevice(mode) ? ['st_rdev', formatDev(b.u64(40))] : ['st_size', b.i64(48).toString()],
      ],
      true,
    );
  },
};

/** struct statx (256 bytes), abbreviated like strace: mask, attributes, mode, size */
export const statx: StructEntry = {
  size: 0x100,
  decode(b) {
    return formatFields(
      [
        ['stx_mask', formatFlags(b.u32(0), 'statx_mask')],
        ['stx_attributes', hex(b.u64(8))],
        ['stx_mode', formatFileMode(b.u16(28))],
        ['stx_size', b.u64(40).toString()],
      ],
      true,
    );
  },
};

/** f_type magic numbers of common file systems (statfs(2)); others print in hex */
const FS_MAGIC: Record<number, string> = {
  0xef53: 'EXT2_SUPER_MAGIC',
  0x01021994: 'TMPFS_MAGIC',
  0x9fa0: 'PROC_SUPER_MAGIC',
  0x62656572: 'SYSFS_MAGIC',
  0x794c7630: 'OVERLAYFS_SUPER_MAGIC',
  0x9123683e: 'BTRFS_SUPER_MAGIC',
  0x58465342: 'XFS_SUPER_MAGIC',
  0x1cd1: 'DEVPTS_SUPER_MAGIC',
  0x27e0eb: 'CGROUP_SUPER_MAGIC',
  0x63677270: 'CGROUP2_SUPER_MAGIC',
  0x6969: 'NFS_SUPER_MAGIC',
  0x01021997: 'V9FS_MAGIC',
  0x65735546: 'FUSE_SUPER_MAGIC',
  0x858458f6: 'RAMFS_MAGIC',
  0x73717368: 'SQUASHFS_MAGIC',
};

/** statfs f_flags (ST_* mount flags) */
const ST_FLAGS: [string, number][] = [
  ['ST_RDONLY', 0x1],
  ['ST_NOSUID', 0x2],
  ['ST_NODEV', 0x4],
  ['ST_NOEXEC', 0x8],
  ['ST_SYNCHRONOUS', 0x10],
  ['ST_VALID', 0x20],
  ['ST_MANDLOCK', 0x40],
  ['ST_NOATIME', 0x400],
  ['ST_NODIRATIME', 0x800],
  ['ST_RELATIME', 0x1000],
  ['ST_NOSYMFOLLOW', 0x2000],
];

function formatLocalFlags(value: number, table: [string, number][]): string {
  let rest = value;
  const parts: string[] = [];
  for (const [name, bit] of table) {
    if (rest & bit) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest) parts.push(hex(rest >>> 0));
  return parts.length ? parts.join('|') : '0';
}

/** struct statfs (x86-64, 120 bytes), in full like strace */
export const statfs: StructEntry = {
  size: 120,
  decode(b) {
    const type = Number(b.u64(0));
    return formatFields([
      ['f_type', FS_MAGIC[type] ?? hex(type)],
      ['f_bsize', b.i64(8).toString()],
      ['f_blocks', b.u64(16).toString()],
      ['f_bfree', b.u64(24).toString()],
      ['f_bavail', b.u64(32).toString()],
      ['f_files', b.u64(40).toString()],
      ['f_ffree', b.u64(48).toString()],
      ['f_fsid', `{val=[${hex(b.u32(56))}, ${hex(b.u32(60))}]}`],
      ['f_namelen', b.i64(64).toString()],
      ['f_frsize', b.i64(72).toString()],
      ['f_flags', formatLocalFlags(Number(b.u64(80)), ST_FLAGS)],
    ]);
  },
};

/** d_type values (dirent.h) */
const DT_NAMES = [
  'DT_UNKNOWN',
  'DT_FIFO',
  'DT_CHR',
  undefined,
  'DT_DIR',
  undefined,
  'DT_BLK',
  undefined,
  'DT_REG',
  undefined,
  'DT_LNK',
  undefined,
  'DT_SOCK',
  undefined,
  'DT_WHT',
];

/**
 * The directory records getdents64 (struct linux_dirent64) or getdents
 * (struct linux_dirent, with d_type in its last byte) filled:
 * `[{d_ino=…, d_off=…, d_reclen=…, d_type=DT_DIR, d_name="."}, ...]`, at most
 * strSize entries. Names are not cut (strace prints them whole).
 */
export const linuxDirent: StructEntry = {
  size: 0,
  decode(b, ctx) {
    const old = ctx.syscall === 'getdents';
    const nameAt = old ? 18 : 19;
    const items: string[] = [];
    let count = 0;
    for (let off = 0; off + nameAt <= b.length;) {
      const reclen = b.u16(off + 16);
      if (reclen < nameAt) break; // corrupt: stop rather than loop forever
      if (count < ctx.strSize) {
        const type = old ? b.u8(off + reclen - 1) : b.u8(off + 18);
        items.push(
          formatFields([
            ['d_ino', b.u64(off).toString()],
            ['d_off', b.i64(off + 8).toString()],
            ['d_reclen', String(reclen)],
            ['d_type', DT_NAMES[type] ?? String(type)],
            ['d_name', quoteCString(b.slice(off + nameAt, reclen - nameAt))],
          ]),
        );
      }
      count++;
      off += reclen;
    }
    return formatList(items, count, ctx.strSize);
  },
};

/** l_type values (fcntl.h) */
const LOCK_TYPES = ['F_RDLCK', 'F_WRLCK', 'F_UNLCK'];

/** struct flock (32 bytes); l_pid only when the kernel filled it (F_GETLK) */
export const flock: StructEntry = {
  size: 32,
  decode(b, ctx) {
    const type = b.u16(0);
    const fields: [string, string][] = [
      ['l_type', LOCK_TYPES[type] ?? String(type)],
      ['l_whence', formatEnum(b.u16(2), 'lseek_whence')],
      ['l_start', b.i64(8).toString()],
      ['l_len', b.i64(16).toString()],
    ];
    if (ctx.dir === 'out') fields.push(['l_pid', String(b.i32(24))]);
    return formatFields(fields);
  },
};

const OWNER_TYPES = ['F_OWNER_TID', 'F_OWNER_PID', 'F_OWNER_PGRP'];

/** struct f_owner_ex (fcntl F_GETOWN_EX/F_SETOWN_EX) */
export const fOwnerEx: StructEntry = {
  size: 8,
  decode(b) {
    const type = b.i32(0);
    return formatFields([
      ['type', OWNER_TYPES[type] ?? String(type)],
      ['pid', String(b.i32(4))],
    ]);
  },
};

/** struct open_how (openat2, 24 bytes) */
export const openHow: StructEntry = {
  size: 24,
  decode(b: LE) {
    return formatFields([
      ['flags', formatFlags(b.u64(0), 'open_flags')],
      ['mode', formatOctal(Number(b.u64(8)))],
      ['resolve', hex(b.u64(16))],
    ]);
  },
};
