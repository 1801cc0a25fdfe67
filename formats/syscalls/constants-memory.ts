/**
 * Constant sets for address-space syscalls (merged into CONST_SETS by constants.ts).
 */
import type { ConstSet } from './constants';

export const MEMORY_SETS: Record<string, ConstSet> = {
  mmap_prot: {
    kind: 'flags',
    values: [
      ['PROT_NONE', 0],
      ['PROT_READ', 0x1],
      ['PROT_WRITE', 0x2],
      ['PROT_EXEC', 0x4],
      ['PROT_SEM', 0x8],
      ['PROT_GROWSDOWN', 0x01000000],
      ['PROT_GROWSUP', 0x02000000],
    ],
  },
  /** The mapping type sits in the low 4 bits (MAP_TYPE), the rest are flags. */
  mmap_flags: {
    kind: 'flags',
    field: {
      mask: 0x0f,
      values: [
        ['MAP_SHARED', 0x1],
        ['MAP_PRIVATE', 0x2],
        ['MAP_SHARED_VALIDATE', 0x3],
        ['MAP_DROPPABLE', 0x8],
      ],
    },
    values: [
      ['MAP_FIXED', 0x10],
      ['MAP_ANONYMOUS', 0x20],
      ['MAP_32BIT', 0x40],
      ['MAP_GROWSDOWN', 0x100],
      ['MAP_DENYWRITE', 0x800],
      ['MAP_EXECUTABLE', 0x1000],
      ['MAP_LOCKED', 0x2000],
      ['MAP_NORESERVE', 0x4000],
      ['MAP_POPULATE', 0x8000],
      ['MAP_NONBLOCK', 0x10000],
      ['MAP_STACK', 0x20000],
      ['MAP_HUGETLB', 0x40000],
      ['MAP_SYNC', 0x80000],
      ['MAP_FIXED_NOREPLACE', 0x100000],
      ['MAP_UNINITIALIZED', 0x4000000],
    ],
  },
  mremap_flags: {
    kind: 'flags',
    values: [
      ['MREMAP_MAYMOVE', 1],
      ['MREMAP_FIXED', 2],
      ['MREMAP_DONTUNMAP', 4],
    ],
  },
  msync_flags: {
    kind: 'flags',
    values: [
      ['MS_ASYNC', 1],
      ['MS_INVALIDATE', 2],
      ['MS_SYNC', 4],
    ],
  },
  madvise_advice: {
    kind: 'enum',
    values: [
      ['MADV_NORMAL', 0],
      ['MADV_RANDOM', 1],
      ['MADV_SEQUENTIAL', 2],
      ['MADV_WILLNEED', 3],
      ['MADV_DONTNEED', 4],
      ['MADV_FREE', 8],
      ['MADV_REMOVE', 9],
      ['MADV_DONTFORK', 10],
      ['MADV_DOFORK', 11],
      ['MADV_MERGEABLE', 12],
      ['MADV_UNMERGEABLE', 13],
      ['MADV_HUGEPAGE', 14],
      ['MADV_NOHUGEPAGE', 15],
      ['MADV_DONTDUMP', 16],
      ['MADV_DODUMP', 17],
      ['MADV_WIPEONFORK', 18],
      ['MADV_KEEPONFORK', 19],
      ['MADV_COLD', 20],
      ['MADV_PAGEOUT', 21],
      ['MADV_POPULATE_READ', 22],
      ['MADV_POPULATE_WRITE', 23],
      ['MADV_DONTNEED_LOCKED', 24],
      ['MADV_COLLAPSE', 25],
      ['MADV_HWPOISON', 100],
      ['MADV_SOFT_OFFLINE', 101],
      ['MADV_GUARD_INSTALL', 102],
      ['MADV_GUARD_REMOVE', 103],
    ],
  },
  mlockall_flags: {
    kind: 'flags',
    values: [
      ['MCL_CURRENT', 1],
      ['MCL_FUTURE', 2],
      ['MCL_ONFAULT', 4],
    ],
  },
  mlock2_flags: { kind: 'flags', values: [['MLOCK_ONFAULT', 1]] },
  pkey_access: {
    kind: 'flags',
    values: [
      ['PKEY_DISABLE_ACCESS', 1],
      ['PKEY_DISABLE_WRITE', 2],
    ],
  },
  /** NUMA policy mode in the low bits, plus mode flags. */
  mempolicy_mode: {
    kind: 'flags',
    field: {
      mask: 0xff,
      values: [
        ['MPOL_DEFAULT', 0],
        ['MPOL_PREFERRED', 1],
        ['MPOL_BIND', 2],
        ['MPOL_INTERLEAVE', 3],
        ['MPOL_LOCAL', 4],
        ['MPOL_PREFERRED_MANY', 5],
        ['MPOL_WEIGHTED_INTERLEAVE', 6],
      ],
    },
    values: [
      ['MPOL_F_NUMA_BALANCING', 1 << 13],
      ['MPOL_F_RELATIVE_NODES', 1 << 14],
      ['MPOL_F_STATIC_NODES', 1 << 15],
    ],
  },
  userfaultfd_flags: {
    kind: 'flags',
    values: [
      ['UFFD_USER_MODE_ONLY', 1],
      ['O_NONBLOCK', 0o4000],
      ['O_CLOEXEC', 0o2000000],
    ],
  },
  /** One command per call; the values happen to be bits. */
  membarrier_cmd: {
    kind: 'enum',
    values: [
      ['MEMBARRIER_CMD_QUERY', 0],
      ['MEMBARRIER_CMD_GLOBAL', 1],
      ['MEMBARRIER_CMD_GLOBAL_EXPEDITED', 2],
      ['MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED', 4],
      ['MEMBARRIER_CMD_PRIVATE_EXPEDITED', 8],
      ['MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED', 16],
      ['MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE', 32],
      ['MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE', 64],
      ['MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ', 128],
      ['MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ', 256],
      ['MEMBARRIER_CMD_GET_REGISTRATIONS', 512],
    ],
  },
};
