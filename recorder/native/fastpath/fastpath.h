/*
 * The fast path's fixed layout, shared by the tracer (fastpath.c, patch.c)
 * and the in-process hook (fastpath/hook.c).
 *
 * Every traced process gets one region at FP_BASE, mapped by the tracer right
 * after exec: a control page, the hook's code (this directory, linked to run
 * at FP_CODE), the per-site stubs the tracer writes, and the record buffer.
 * FP_BASE lies above the kernel's mmap base with address randomisation off,
 * so no mapping the program makes itself ever lands there or moves because of
 * it, and it is within a jump of every shared library.
 *
 * Only one traced thread runs user code at a time (the token, tracer.c), so
 * the buffer holds the records of the thread holding the token; the tracer
 * takes them out whenever that thread stops, before anything else happens.
 */
#ifndef SYSTAPE_FASTPATH_H
#define SYSTAPE_FASTPATH_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* fastpath.ld repeats FP_CODE and FP_CTL_NEXT_TOP: keep them in step */

/* A stub's traced part is this many bytes before its "done" part (patch.c) */
#define FP_STUB_TRACED_BACK 20
#define FP_BASE 0x7ffff8000000ULL
#define FP_CTL FP_BASE                    /* struct fp_ctl */
#define FP_CODE (FP_BASE + 0x1000ULL)     /* the hook's image; the gadget first */
#define FP_GADGET FP_CODE                 /* `syscall; ret`: the only untraced syscall */
#define FP_GADGET_RET (FP_GADGET + 2)     /* instruction pointer after it */
#define FP_IMAGE_HEADER (FP_CODE + 16)    /* struct fp_image_header */
#define FP_STACKS (FP_BASE + 0xc0000ULL)  /* the hook's stacks: nested entries take the next */
#define FP_STACK_SIZE 0x10000ULL
#define FP_STACKS_TOP (FP_BASE + 0x100000ULL)
#define FP_STUBS (FP_BASE + 0x100000ULL)  /* per-site stubs, written by the tracer */
#define FP_STUBS_END (FP_BASE + 0x200000ULL)
#define FP_BUF (FP_BASE + 0x200000ULL)    /* the record buffer */
#define FP_BUF_SIZE 0x40000ULL
#define FP_SIZE (FP_BUF + FP_BUF_SIZE - FP_BASE)
#define FP_IMAGE_MAX (FP_STACKS - FP_CODE)
/* The offset argument of the tracer's mmap of FP_BASE into a new program: the
 * filter lets that one call through, so that it costs no stop of its own
 * (page-aligned; an anonymous mapping ignores it) */
#define FP_MAP_OFFSET 0x5354410000000ULL

/* Requests from the hook to the tracer, made as traced syscalls with these
 * numbers (no real syscall has them); the tracer answers and skips them. */
#define FP_REQ_FLUSH 0x53540001   /* the buffer is full: take the records */
#define FP_REQ_YIELD 0x53540003   /* others wait for the token: this call returns as theirs do */

/* hook.c: a call that would block, left to the tracer (no syscall returns it) */
#define FP_WOULD_BLOCK (-100000L)

/* in_hook: where the hook is, for a signal arriving meanwhile */
#define FP_IDLE 0
#define FP_BEFORE_CALL 1 /* the syscall has not run yet */
#define FP_AFTER_CALL 2  /* it ran; its record is not complete yet */

#define FP_IMAGE_MAGIC 0x46545353 /* "SSTF" */
#define FP_IMAGE_VERSION 1

/* descriptors below this have their kind remembered (fp_ctl.fd_kind) */
#define FP_FD_CACHE 1024

/* where entry.S finds fp_ctl.next_top */
#define FP_CTL_NEXT_TOP (FP_CTL + 24)

#ifndef __ASSEMBLER__
enum fp_fd_kind {
    FP_FD_UNKNOWN = 0,
    FP_FD_NEVER_BLOCKS, /* regular file, directory, block device, /dev/null & co */
    FP_FD_DEVICE,       /* other character devices: terminals... */
    FP_FD_FIFO,         /* pipes and FIFOs */
    FP_FD_OTHER,        /* sockets and the rest */
};

struct fp_ctl {
    uint64_t used;         /* bytes of complete records in the buffer (the hook's) */
    uint64_t taken;        /* of which the tracer has taken so far (the tracer's) */
    uint32_t in_hook;      /* FP_IDLE, FP_BEFORE_CALL, FP_AFTER_CALL */
    uint32_t pad;
    /* top of the hook's next free stack (entry.S): the hook never writes to
     * the program's stack, where leftovers would differ from a run without it */
    uint64_t next_top;
    uint64_t stub_next;    /* tracer: where the next stub goes (0: FP_STUBS) */
    int64_t last_ret;      /* hook: the result of its last call, for a yield to give back */
    /* Set by the tracer while other threads wait for the token: after the
     * call, back on the program's stack, the stub asks to yield
     * (FP_REQ_YIELD), so that the thread takes its turn among them as at the
     * exit of a traced call. */
    uint32_t yield;
    /* What kind of file each descriptor is (enum fp_fd_kind; 0: not known),
     * so that a read or write needs no fstat first. Only while the process
     * is alone with its descriptor table (no threads, no CLONE_FILES): then
     * nothing can change them but its own calls, and the tracer forgets
     * them all at each of its stops, before any traced call runs. */
    uint32_t fd_cache_on;  /* tracer: the process has its descriptor table to itself */
    uint32_t fd_cache_dirty; /* hook: fd_kind holds something */
    /* Replay (replay_fast.c): the hook answers calls from recorded records
     * the tracer put in the buffer, [rp_next, rp_end), the next first; it
     * moves rp_next past each record it answered. */
    uint32_t replaying;    /* tracer: answer from records, make no call */
    /* record --inject: bit nr set when call nr must reach the tracer (hook.c) */
    uint8_t traced[64];
    uint32_t pad2;
    uint64_t rp_next;      /* hook */
    uint64_t rp_end;       /* tracer */
    uint8_t fd_kind[FP_FD_CACHE];
};
_Static_assert(__builtin_offsetof(struct fp_ctl, next_top) == FP_CTL_NEXT_TOP - FP_CTL,
               "entry.S's view of fp_ctl");


struct fp_image_header {
    uint32_t magic;
    uint32_t version;
    uint64_t hook_entry;  /* where stubs jump */
};
#endif

#endif
