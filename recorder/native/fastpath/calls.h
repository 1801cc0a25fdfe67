/*
 * Which syscalls the in-process hook records, and how. Shared by the hook
 * (which decides per call) and the tracer (which patches only sites whose
 * calls the hook can take).
 *
 * A call the hook takes must not block: while it runs, its thread holds the
 * token (tracer.c) and no other traced thread can run, so a read waiting for
 * another thread's write would never end. Reads and writes are made
 * non-blocking or left to the tracer when their descriptor could block;
 * anything that changes what the tracer must know (processes, signals,
 * memory mappings, exec) always goes to the tracer.
 */
#ifndef SYSTAPE_FASTPATH_CALLS_H
#define SYSTAPE_FASTPATH_CALLS_H

#include <stdint.h>

enum fp_class {
    FP_SLOW = 0,  /* always the tracer */
    FP_PLAIN,     /* never blocks: made as is */
    FP_READ,      /* read: made non-blocking on pipes and sockets, tracer on terminals */
    FP_WRITE,     /* write: the same, and only whole small writes to pipes */
    FP_POSITIONED, /* pread64/pwrite64: files only */
    FP_OPEN,      /* open/openat: not of FIFOs or devices other than /dev/null & co */
    FP_MEMORY,    /* mmap (anonymous), munmap, mprotect, madvise: not of the hook's region */
    FP_FUTEX,     /* futex: the wake-ups, not the waits */
    FP_WAIT,      /* wait4: with WNOHANG only */
};

static inline enum fp_class fp_class_of(uint64_t nr)
{
    switch (nr) {
    case 0: /* read */
        return FP_READ;
    case 1: /* write */
        return FP_WRITE;
    case 17: /* pread64 */
    case 18: /* pwrite64 */
        return FP_POSITIONED;
    case 2:   /* open */
    case 257: /* openat */
        return FP_OPEN;
    case 9:  /* mmap */
    case 10: /* mprotect */
    case 11: /* munmap */
    case 28: /* madvise */
        return FP_MEMORY;
    case 202: /* futex */
        return FP_FUTEX;
    case 61: /* wait4 */
        return FP_WAIT;
    /* Signal dispositions and masks: the tracer keeps no account of them
     * (replay makes these calls for real), and a signal held back by the
     * fast path is raised again, so a mask changed meanwhile still holds. */
    case 13:  /* rt_sigaction */
    case 14:  /* rt_sigprocmask */
    case 131: /* sigaltstack */
    case 3:   /* close */
    case 4:   /* stat */
    case 5:   /* fstat */
    case 6:   /* lstat */
    case 8:   /* lseek */
    case 12:  /* brk */
    case 21:  /* access */
    case 32:  /* dup */
    case 33:  /* dup2 */
    case 39:  /* getpid */
    case 72:  /* fcntl (the commands without memory, see hook.c) */
    case 63:  /* uname */
    case 79:  /* getcwd */
    case 89:  /* readlink */
    case 95:  /* umask */
    case 96:  /* gettimeofday */
    case 97:  /* getrlimit */
    case 98:  /* getrusage */
    case 99:  /* sysinfo */
    case 102: /* getuid */
    case 104: /* getgid */
    case 107: /* geteuid */
    case 108: /* getegid */
    case 110: /* getppid */
    case 111: /* getpgrp */
    case 118: /* getresuid */
    case 120: /* getresgid */
    case 137: /* statfs */
    case 138: /* fstatfs */
    case 191: /* getxattr */
    case 192: /* lgetxattr */
    case 193: /* fgetxattr */
    case 194: /* listxattr */
    case 195: /* llistxattr */
    case 158: /* arch_prctl (replay makes it for real) */
    case 334: /* rseq (the same) */
    case 218: /* set_tid_address */
    case 273: /* set_robust_list */
    case 290: /* eventfd2 */
    case 291: /* epoll_create1 */
    case 293: /* pipe2 */
    case 186: /* gettid */
    case 201: /* time */
    case 217: /* getdents64 */
    case 228: /* clock_gettime */
    case 229: /* clock_getres */
    case 262: /* newfstatat */
    case 267: /* readlinkat */
    case 269: /* faccessat */
    case 292: /* dup3 */
    case 302: /* prlimit64 */
    case 318: /* getrandom */
    case 332: /* statx */
    case 439: /* faccessat2 */
        return FP_PLAIN;
    default:
        return FP_SLOW;
    }
}

#endif
