/**
 * Address-space syscalls. Replay executes mmap/munmap/mprotect/mremap/brk for
 * real (see DESIGN.md), so they carry no memory effects: their "output" is the
 * mapping itself. A file mapping records which file it maps, which replay
 * fills the mapping from.
 */
import { a, byArg, family, fdPath, inL, inp, out, outL } from './define';
import type { SyscallDef } from './types';

const sys = family('memory');

export const MEMORY_SYSCALLS: SyscallDef[] = [
  sys(
    9,
    'mmap',
    [
      a.ptr('addr'),
      a.size('length'),
      a.flags('prot', 'mmap_prot'),
      a.flags('flags', 'mmap_flags'),
      a.fd(),
      a.off('offset'),
    ],
    'ptr',
    [fdPath(4)],
  ),
  sys(10, 'mprotect', [a.ptr('addr'), a.size('len'), a.flags('prot', 'mmap_prot')], 'int'),
  sys(11, 'munmap', [a.ptr('addr'), a.size('length')], 'int'),
  sys(12, 'brk', [a.ptr('brk')], 'ptr'),
  sys(
    25,
    'mremap',
    [
      a.ptr('old_address'),
      a.size('old_size'),
      a.size('new_size'),
      a.flags('flags', 'mremap_flags'),
      a.ptr('new_address'),
    ],
    'ptr',
  ),
  sys(
    216,
    'remap_file_pages',
    [a.ptr('addr'), a.size('size'), a.flags('prot', 'mmap_prot'), a.size('pgoff'), a.hex('flags')],
    'int',
  ),
  sys(26, 'msync', [a.ptr('addr'), a.size('length'), a.flags('flags', 'msync_flags')], 'int'),
  // vec gets one byte per page of [addr, addr+length): a size the schema cannot
  // express (length / page size), so the call is not described.
  sys(27, 'mincore', [a.ptr('addr'), a.size('length'), a.buf('vec')], 'int', [], {
    described: false,
  }),
  sys(28, 'madvise', [a.ptr('addr'), a.size('length'), a.enum('advice', 'madvise_advice')], 'int'),
  sys(149, 'mlock', [a.ptr('addr'), a.size('len')], 'int'),
  sys(150, 'munlock', [a.ptr('addr'), a.size('len')], 'int'),
  sys(151, 'mlockall', [a.flags('flags', 'mlockall_flags')], 'int'),
  sys(152, 'munlockall', [], 'int'),
  sys(325, 'mlock2', [a.ptr('addr'), a.size('len'), a.flags('flags', 'mlock2_flags')], 'int'),
  sys(
    329,
    'pkey_mprotect',
    [a.ptr('addr'), a.size('len'), a.flags('prot', 'mmap_prot'), a.int('pkey')],
    'int',
  ),
  sys(330, 'pkey_alloc', [a.hex('flags'), a.flags('access_rights', 'pkey_access')], 'int'),
  sys(331, 'pkey_free', [a.int('pkey')], 'int'),
  sys(462, 'mseal', [a.ptr('addr'), a.size('len'), a.hex('flags')], 'int'),
  sys(453, 'map_shadow_stack', [a.ptr('addr'), a.size('size'), a.hex('flags')], 'ptr'),
  sys(447, 'memfd_secret', [a.flags('flags', 'cloexec_flags')], 'fd'),
  // The kernel writes faulting addresses to the userfaultfd later, and resolves
  // faults by writing pages: unsupported for replay (DESIGN.md), recorded as is.
  sys(323, 'userfaultfd', [a.flags('flags', 'userfaultfd_flags')], 'fd'),
  sys(324, 'membarrier', [a.enum('cmd', 'membarrier_cmd'), a.hex('flags'), a.int('cpu_id')], 'int'),

  // --- NUMA ---
  // Node masks are maxnode bits rounded up to longs; only inputs, not compared.
  sys(
    237,
    'mbind',
    [
      a.ptr('addr'),
      a.size('len'),
      a.flags('mode', 'mempolicy_mode'),
      a.buf('nodemask'),
      a.uint('maxnode'),
      a.hex('flags'),
    ],
    'int',
  ),
  sys(
    238,
    'set_mempolicy',
    [a.flags('mode', 'mempolicy_mode'), a.buf('nodemask'), a.uint('maxnode')],
    'int',
  ),
  // Writes a node mask of maxnode bits: not expressible, not described.
  sys(
    239,
    'get_mempolicy',
    [a.struct('mode', 'int'), a.buf('nodemask'), a.uint('maxnode'), a.ptr('addr'), a.hex('flags')],
    'int',
    [],
    { described: false },
  ),
  sys(
    256,
    'migrate_pages',
    [a.pid(), a.uint('maxnode'), a.buf('old_nodes'), a.buf('new_nodes')],
    'int',
  ),
  // pages: count pointers (8 bytes), nodes: count ints, status: count ints written.
  sys(
    279,
    'move_pages',
    [a.pid(), a.size('count'), a.buf('pages'), a.buf('nodes'), a.buf('status'), a.hex('flags')],
    'int',
    [inp(2, byArg(1, 8)), inp(3, byArg(1, 4)), out(4, byArg(1, 4))],
  ),
  sys(
    450,
    'set_mempolicy_home_node',
    [a.ptr('start'), a.size('len'), a.uint('home_node'), a.hex('flags')],
    'int',
  ),

  // --- other processes' memory ---
  // The local iovecs are ours (filled up to the result for readv); the remote
  // iovec array is read but its buffers live in the other process.
  sys(
    310,
    'process_vm_readv',
    [
      a.pid(),
      a.iovec('local_iov'),
      a.uint('liovcnt'),
      a.struct('remote_iov', 'iovec_array'),
      a.uint('riovcnt'),
      a.hex('flags'),
    ],
    'size',
    [outL(1, 'iovec', 2), inp(3, byArg(4, 16))],
  ),
  sys(
    311,
    'process_vm_writev',
    [
      a.pid(),
      a.iovec('local_iov'),
      a.uint('liovcnt'),
      a.struct('remote_iov', 'iovec_array'),
      a.uint('riovcnt'),
      a.hex('flags'),
    ],
    'size',
    [inL(1, 'iovec', 2), inp(3, byArg(4, 16))],
  ),
  // The iovecs name ranges in the target process: only the array is read here.
  sys(
    440,
    'process_madvise',
    [
      a.fd('pidfd'),
      a.struct('iovec', 'iovec_array'),
      a.size('vlen'),
      a.enum('advice', 'madvise_advice'),
      a.hex('flags'),
    ],
    'size',
    [inp(1, byArg(2, 16))],
  ),
  sys(448, 'process_mrelease', [a.fd('pidfd'), a.hex('flags')], 'int'),
];
