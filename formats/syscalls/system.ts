/**
 * System-wide calls: identity, randomness, mounts, modules, keys, security
 * modules, and the numbers the x86-64 kernel reserves but does not implement.
 */
import {
  a,
  byArg,
  byRet,
  cstr,
  family,
  fixed,
  inp,
  inS,
  out,
  outS,
  RET,
  unimplemented,
} from './define';
import type { SyscallDef } from './types';

const sys = family('system');

export const SYSTEM_SYSCALLS: SyscallDef[] = [
  sys(63, 'uname', [a.struct('buf', 'utsname')], 'int', [outS(0, 'utsname')]),
  sys(99, 'sysinfo', [a.struct('info', 'sysinfo')], 'int', [outS(0, 'sysinfo')]),
  sys(318, 'getrandom', [a.buf(), a.size('buflen'), a.flags('flags', 'getrandom_flags')], 'size', [
    out(0, RET),
  ]),
  // The READ actions return the bytes copied; the SIZE_* actions return a size
  // without touching bufp, hence the cap at len.
  sys(103, 'syslog', [a.enum('type', 'syslog_action'), a.buf('bufp'), a.int('len')], 'int', [
    out(1, { retMaxArg: 2 }),
  ]),
  // The name need not be NUL-terminated: len bytes are read.
  sys(170, 'sethostname', [a.buf('name'), a.size('len')], 'int', [inp(0, byArg(1))]),
  sys(171, 'setdomainname', [a.buf('name'), a.size('len')], 'int', [inp(0, byArg(1))]),
  sys(153, 'vhangup', [], 'int'),
  sys(163, 'acct', [a.path('filename')], 'int', [cstr(0)]),
  sys(
    169,
    'reboot',
    [a.hex('magic'), a.hex('magic2'), a.enum('cmd', 'reboot_cmd'), a.ptr('arg')],
    'int',
  ),
  sys(172, 'iopl', [a.int('level')], 'int'),
  sys(173, 'ioperm', [a.hex('from'), a.hex('num'), a.int('turn_on')], 'int'),
  // option 2 copies a filesystem name into arg2: option-dependent, not described.
  sys(139, 'sysfs', [a.int('option'), a.hex('arg1'), a.hex('arg2')], 'int', [], {
    described: false,
  }),

  // --- mounts ---
  // data is filesystem-specific, nearly always an option string.
  sys(
    165,
    'mount',
    [
      a.str('source'),
      a.path('target'),
      a.str('filesystemtype'),
      a.flags('mountflags', 'mount_flags'),
      a.ptr('data'),
    ],
    'int',
    [cstr(0), cstr(1), cstr(2), cstr(4)],
  ),
  sys(166, 'umount2', [a.path('target'), a.flags('flags', 'umount_flags')], 'int', [cstr(0)]),
  sys(155, 'pivot_root', [a.path('new_root'), a.path('put_old')], 'int', [cstr(0), cstr(1)]),
  sys(167, 'swapon', [a.path('path'), a.hex('swapflags')], 'int', [cstr(0)]),
  sys(168, 'swapoff', [a.path('path')], 'int', [cstr(0)]),
  sys(428, 'open_tree', [a.dirfd(), a.path('filename'), a.hex('flags')], 'fd', [cstr(1)]),
  sys(
    467,
    'open_tree_attr',
    [a.dirfd(), a.path('filename'), a.hex('flags'), a.struct('attr', 'mount_attr'), a.size('size')],
    'fd',
    [cstr(1), inp(3, byArg(4))],
  ),
  sys(
    429,
    'move_mount',
    [
      a.dirfd('from_dirfd'),
      a.path('from_pathname'),
      a.dirfd('to_dirfd'),
      a.path('to_pathname'),
      a.hex('flags'),
    ],
    'int',
    [cstr(1), cstr(3)],
  ),
  sys(430, 'fsopen', [a.str('fsname'), a.hex('flags')], 'fd', [cstr(0)]),
  // value is a string, a blob of aux bytes, a path or nothing depending on cmd;
  // only the key is compared.
  sys(
    431,
    'fsconfig',
    [a.fd(), a.enum('cmd', 'fsconfig_cmd'), a.str('key'), a.ptr('value'), a.int('aux')],
    'int',
    [cstr(2)],
  ),
  sys(432, 'fsmount', [a.fd('fs_fd'), a.hex('flags'), a.hex('attr_flags')], 'fd'),
  sys(433, 'fspick', [a.dirfd(), a.path(), a.hex('flags')], 'fd', [cstr(1)]),
  sys(
    442,
    'mount_setattr',
    [a.dirfd(), a.path(), a.hex('flags'), a.struct('attr', 'mount_attr'), a.size('size')],
    'int',
    [cstr(1), inp(3, byArg(4))],
  ),
  // The request's size is in its first field (24 or 32 bytes); statmount's
  // output size is chosen by the kernel: not described.
  sys(
    457,
    'statmount',
    [
      a.struct('req', 'mnt_id_req'),
      a.struct('buf', 'statmount'),
      a.size('bufsize'),
      a.hex('flags'),
    ],
    'int',
    [],
    { described: false },
  ),
  // listmount returns the number of u64 mount ids stored.
  sys(
    458,
    'listmount',
    [a.struct('req', 'mnt_id_req'), a.buf('mnt_ids'), a.size('nr_mnt_ids'), a.hex('flags')],
    'int',
    [inp(0, fixed(24)), out(1, byRet(8))],
  ),
  sys(179, 'quotactl', [a.hex('cmd'), a.path('special'), a.int('id'), a.ptr('addr')], 'int', [], {
    described: false,
  }),
  sys(443, 'quotactl_fd', [a.fd(), a.hex('cmd'), a.int('id'), a.ptr('addr')], 'int', [], {
    described: false,
  }),

  // --- modules and kexec ---
  sys(175, 'init_module', [a.buf('module_image'), a.size('len'), a.str('param_values')], 'int', [
    inp(0, byArg(1)),
    cstr(2),
  ]),
  sys(313, 'finit_module', [a.fd(), a.str('param_values'), a.hex('flags')], 'int', [cstr(1)]),
  sys(176, 'delete_module', [a.str('name'), a.hex('flags')], 'int', [cstr(0)]),
  sys(
    246,
    'kexec_load',
    [a.hex('entry'), a.uint('nr_segments'), a.ptr('segments'), a.hex('flags')],
    'int',
    [],
    { described: false },
  ),
  sys(
    320,
    'kexec_file_load',
    [a.fd('kernel_fd'), a.fd('initrd_fd'), a.size('cmdline_len'), a.str('cmdline'), a.hex('flags')],
    'int',
    [inp(3, byArg(2))],
  ),

  // --- keys, BPF, perf ---
  sys(
    248,
    'add_key',
    [a.str('type'), a.str('description'), a.buf('payload'), a.size('plen'), a.int('keyring')],
    'int',
    [cstr(0), cstr(1), inp(2, byArg(3))],
  ),
  sys(
    249,
    'request_key',
    [a.str('type'), a.str('description'), a.str('callout_info'), a.int('dest_keyring')],
    'int',
    [cstr(0), cstr(1), cstr(2)],
  ),
  sys(
    250,
    'keyctl',
    [a.enum('operation', 'keyctl_op'), a.hex('arg2'), a.hex('arg3'), a.hex('arg4'), a.hex('arg5')],
    'int',
    [],
    { described: false },
  ),
  sys(321, 'bpf', [a.enum('cmd', 'bpf_cmd'), a.ptr('attr'), a.uint('size')], 'int', [], {
    described: false,
  }),
  // The kernel fills mmap'ed ring buffers outside syscalls: unsupported for replay.
  sys(
    298,
    'perf_event_open',
    [a.struct('attr', 'perf_event_attr'), a.pid(), a.int('cpu'), a.fd('group_fd'), a.hex('flags')],
    'fd',
    [],
    { described: false },
  ),

  // --- security modules, Landlock ---
  sys(
    444,
    'landlock_create_ruleset',
    [a.struct('attr', 'landlock_ruleset_attr'), a.size('size'), a.hex('flags')],
    'fd',
    [inp(0, byArg(1))],
  ),
  // rule_attr's size depends on rule_type (12 or 16 bytes): not compared.
  sys(
    445,
    'landlock_add_rule',
    [
      a.fd('ruleset_fd'),
      a.enum('rule_type', 'landlock_rule_type'),
      a.ptr('rule_attr'),
      a.hex('flags'),
    ],
    'int',
  ),
  sys(446, 'landlock_restrict_self', [a.fd('ruleset_fd'), a.hex('flags')], 'int'),
  // size is value-result: the buffer size at entry, the bytes needed at exit
  // (also on E2BIG, hence 'always').
  sys(
    459,
    'lsm_get_self_attr',
    [
      a.enum('attr', 'lsm_attr'),
      a.struct('ctx', 'lsm_ctx'),
      a.struct('size', 'uint'),
      a.hex('flags'),
    ],
    'int',
    [out(1, { lenPtrArg: 2 }), inS(2, 'uint'), outS(2, 'uint', 'always')],
  ),
  sys(
    460,
    'lsm_set_self_attr',
    [a.enum('attr', 'lsm_attr'), a.struct('ctx', 'lsm_ctx'), a.uint('size'), a.hex('flags')],
    'int',
    [inp(1, byArg(2))],
  ),
  sys(461, 'lsm_list_modules', [a.buf('ids'), a.struct('size', 'uint'), a.hex('flags')], 'int', [
    out(0, { lenPtrArg: 1 }),
    inS(1, 'uint'),
    outS(1, 'uint', 'always'),
  ]),

  // --- uprobes: entered only from kernel-installed trampolines ---
  sys(335, 'uretprobe', [], 'value', [], { described: false }),
  sys(336, 'uprobe', [], 'value', [], { described: false }),

  // --- reserved numbers with no x86-64 implementation ---
  unimplemented('system', 134, 'uselib'),
  unimplemented('system', 156, '_sysctl'),
  unimplemented('system', 174, 'create_module'),
  unimplemented('system', 177, 'get_kernel_syms'),
  unimplemented('system', 178, 'query_module'),
  unimplemented('system', 180, 'nfsservctl'),
  unimplemented('system', 181, 'getpmsg'),
  unimplemented('system', 182, 'putpmsg'),
  unimplemented('system', 183, 'afs_syscall'),
  unimplemented('system', 184, 'tuxcall'),
  unimplemented('system', 185, 'security'),
  unimplemented('system', 212, 'lookup_dcookie'),
  unimplemented('system', 236, 'vserver'),
];
