/*
 * --keep-going: after a divergence, report it and let the program go on
 * where that cannot touch the world (see mismatch()). Without the option,
 * mismatch() stops the program at once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <unistd.h>

#include "replay.h"
#include "syscall_table.h"

static int is_write_call(uint32_t nr)
{
    return nr == SYS_write || nr == SYS_writev || nr == SYS_pwrite64 || nr == SYS_pwritev ||
           nr == SYS_pwritev2;
}

/* The bytes thread t is writing now (not the recorded ones): echoed to fd 1
 * or 2 (0: not echoed). Returns their count. */
static int64_t echo_actual(struct tracer *tr, struct thread *t, int fd)
{
    struct ev_syscall *a = actual_call(t);
    size_t off = sizeof *a;
    struct region r;
    int ordinals[8] = {0};
    int64_t total = 0;
    while (next_compared(a, t->rec.len, &off, &r, ordinals)) {
        if (r.m->arg != 1)
            continue;
        total += r.m->len;
        if (fd)
            echo_bytes(tr, fd, r.bytes, r.m->len);
    }
    return total;
}

/* With --keep-going, a recorded call of these kinds where the program now
 * makes another call is skipped, not reported: how a program uses memory, the
 * clock and locks follows its allocator and its timing (a heap placed
 * elsewhere, a collection run earlier), not what it does to the world. */
int skippable_record(const struct ev_syscall *x)
{
    switch (x->nr) {
    case SYS_mmap:
    case SYS_munmap:
    case SYS_mprotect:
    case SYS_madvise:
    case SYS_mremap:
    case SYS_brk:
    case SYS_clock_gettime:
    case SYS_gettimeofday:
    case SYS_time:
    case SYS_futex:
    case SYS_sched_yield:
        return 1;
    default:
        return 0;
    }
}

enum plan {
    GO_STOP,        /* stop the program: going on could touch the world */
    GO_AS_RECORDED, /* the same call with other arguments: answer as recorded */
    GO_WRITTEN,     /* a write: echo what it writes now, report it all written */
    GO_LIVE,        /* execute it for real: it only affects the program itself */
    GO_EXEC,        /* the recorded exec, with other arguments or environment */
};

/* Do the first input regions (the paths) of t's call and x hold the same bytes? */
static int same_path(struct thread *t, const struct ev_syscall *x)
{
    struct ev_syscall *a = actual_call(t);
    size_t xo = sizeof *x, ao = sizeof *a;
    struct region xr, ar;
    int xord[8] = {0}, aord[8] = {0};
    return next_compared(x, x->h.size, &xo, &xr, xord) && next_compared(a, t->rec.len, &ao, &ar, aord) &&
           xr.m->len == ar.m->len && memcmp(xr.bytes, ar.bytes, xr.m->len) == 0;
}

/* How to go on from a call that does not match; `same` is the head record
 * when it is a call of the same number (NULL when the call is another). */
static int plan_for(struct tracer *tr, struct thread *t, const struct ev_syscall *same)
{
    if (!(tr->s->cfg.flags & CFG_KEEP_GOING) || is_spawn_call(t->nr))
        return GO_STOP;
    if (t->nr == SYS_execve || t->nr == SYS_execveat)
        return same && (same->h.flags & XF_REAL) && same_path(t, same) ? GO_EXEC : GO_STOP;
    if (is_write_call(t->nr))
        return GO_WRITTEN;
    if (same) {
        if (same->h.flags & XF_REAL)
            return GO_LIVE;
        return (same->h.flags & XF_NO_RETURN) ? GO_STOP : GO_AS_RECORDED;
    }
    const uint8_t *ok = tr->s->cfg.live_ok;
    return t->nr < 512 && (ok[t->nr / 8] & (1u << (t->nr % 8))) ? GO_LIVE : GO_STOP;
}

/*
 * Thread t's call left the recording. Without --keep-going, stop. With it,
 * report and go on where that is safe: the recorded stream stays where it
 * is unless the call was the recorded one with other arguments.
 */
void mismatch(struct tracer *tr, int reason, struct thread *t, const struct ev_syscall *same)
{
    if (redo_under_sysemu(tr, t))
        return; /* judged again at its SYSEMU entry */
    int plan = plan_for(tr, t, same);
    if (plan == GO_STOP) {
        diverge(tr, reason, t);
        return;
    }
    report(tr, reason, t, 0);
    if (plan == GO_AS_RECORDED) {
        emulate(tr, t, same);
        return;
    }
    if (plan == GO_EXEC) {
        reenter(tr, t, RS_REAL); /* its records are consumed at the exec event */
        return;
    }
    if (plan == GO_WRITTEN) {
        int fd = 0;
        if (same)
            fd = !(same->h.flags & XF_ECHO) ? 0 : (same->h.flags & XF_ECHO_STDERR) ? 2 : 1;
        else if (t->args[0] == 1 || t->args[0] == 2)
            fd = (int)t->args[0];
        /* Was it the recorded write, changed, or one more? The thread's next
         * call tells: the record stays until then (start_call()). */
        if (same)
            t->kg_deferred = same->seq + 1;
        poke_reg(t->tid, REG_OFFSET(rax), (uint64_t)echo_actual(tr, t, fd));
        resume_after(tr, t);
        return;
    }
    if (same)
        consume(tr);
    reenter(tr, t, RS_LIVE);
}
