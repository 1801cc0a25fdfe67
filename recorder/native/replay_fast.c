/*
 * Replay through the fast path: the hook (fastpath/hook.c) answers emulated
 * calls in-process from recorded records the tracer hands it, so a replayed
 * call costs no ptrace stop.
 *
 * When a thread is released to user space, the records at the head of the
 * expectation stream that are its own and that the hook can answer go into
 * its process's buffer (a "run"). The hook answers each call that matches the
 * next record of the run, and moves past it; any other call goes to the
 * tracer through the stub's own `syscall`, where it is matched against the
 * head, and reported on a mismatch, exactly as without the hook. At each stop
 * of the thread the tracer consumes the records its hook answered, so the
 * head is always the next call the program has not made yet.
 *
 * A run never holds a record that is followed by anything but another call:
 * a signal to deliver, a new thread to start, a process event. Those happen
 * at a stop, after a call the tracer answers itself. Only one thread runs
 * user code at a time, so only the thread given the run (the owner) answers
 * from it; the run is dropped when the tracer answers a call itself.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <unistd.h>

#include "fastpath/fastpath.h"
#include "replay.h"
#include "syscall_table.h"

#define CTL_RP_NEXT (FP_CTL + offsetof(struct fp_ctl, rp_next))
#define CTL_RP_END (FP_CTL + offsetof(struct fp_ctl, rp_end))

/* Records whose call the tracer answers itself: it keeps the result of a
 * call it runs, or they did not complete. (A write to echo is answered by the
 * hook, and echoed when the tracer consumes its record: rp_sync.) */
#define XF_NOT_IN_RUN (XF_NO_RETURN | XF_KEEP_RET)

/*
 * Calls to run for real that the hook makes itself (through its gadget, which
 * the seccomp filter lets through): they change only the process's signal
 * state, memory and thread plumbing, as when the tracer runs them (replay.c,
 * finish_real). A
 * result that must be the recorded one is checked by the hook, which leaves
 * the call to the tracer when it is not (hook.c, run_for_real).
 */
static int hook_runs(int32_t nr)
{
    switch (nr) {
    case SYS_rt_sigaction:
    case SYS_rt_sigprocmask:
    case SYS_sigaltstack:
    case SYS_mprotect:
    case SYS_munmap:
    case SYS_madvise:
    case SYS_mmap:
    case SYS_brk:
    case SYS_arch_prctl:
    case SYS_set_tid_address:
    case SYS_set_robust_list:
    case SYS_rseq:
        return 1;
    default:
        return 0;
    }
}

/* Can the hook answer record h of thread rec_tid? Its memory must all lie at
 * the pointers its arguments hold, and be plain bytes to compare or write. */
static int answerable(const struct ev_hdr *h, pid_t rec_tid)
{
    if (h->type != EV_SYSCALL)
        return 0;
    const struct ev_syscall *x = (const void *)h;
    if (x->tid != rec_tid || (x->h.flags & XF_NOT_IN_RUN) || (x->ret <= -512 && x->ret >= -516))
        return 0;
    if ((x->h.flags & XF_REAL) && !hook_runs(x->nr))
        return 0;
    if ((x->h.flags & XF_MMAP_FILE) && x->nr != SYS_mmap)
        return 0;
    size_t off = sizeof *x;
    struct region r;
    int ordinals[8] = {0};
    uint32_t n = 0;
    while (next_region(x, x->h.size, &off, &r)) {
        n++;
        if (r.m->dir == REGION_FILE_PATH && r.m->addr == 1 && (x->h.flags & XF_MMAP_FILE))
            continue; /* the hook maps the file itself (hook.c, mapped_file) */
        if (r.m->arg >= 6 || r.m->addr != x->args[r.m->arg])
            return 0;
        if (r.m->dir == ST_DIR_IN) {
            if (holds_addresses((uint32_t)x->nr, r.m->arg, ordinals[r.m->arg]++))
                return 0;
        } else if (r.m->dir != ST_DIR_OUT) {
            return 0;
        }
    }
    return n == x->nmem;
}

/* t is back to user space: hand its hook the run at the head of the stream.
 * Returns how many bytes of the stream it holds (its first call the tracer
 * answers is there). */
size_t rp_give(struct tracer *tr, struct thread *t)
{
    if (!t->fp || tr->diverged)
        return 0;
    if (tr->rp_owner == t && tr->rp_in_hook)
        return 0; /* it stopped inside the hook, in the middle of its run */
    uint64_t head_at = tr->q_abs;
    if (tr->rp_run_tid == t->tid && head_at >= tr->rp_run_start && head_at < tr->rp_run_end) {
        /* Its buffer holds the rest of the run it had (the tracer answered a
         * call of its from there, in order, as at each ioctl): it goes on
         * with that, not with the run written over again. */
        const uint64_t rest[2] = {head_at - tr->rp_run_start, tr->rp_run_end - tr->rp_run_start};
        if (mem_poke(t->tid, CTL_RP_NEXT, rest, sizeof rest) == 0) {
            tr->rp_owner = t;
            tr->rp_synced = rest[0];
            tr->rp_in_hook = 0;
            return (size_t)(tr->rp_run_end - head_at);
        }
    }
    tr->rp_run_tid = 0;
    size_t off = 0;
    /* (what has come in of the stream: the program goes on with that while
     * more is decompressed, rather than wait for a whole run) */
    for (;;) {
        const struct ev_hdr *h = peek_ready(tr, off);
        if (!h || !answerable(h, t->rec_tid))
            break;
        uint32_t size = h->size;
        const struct ev_hdr *next = peek_ready(tr, off + size);
        if (!next || next->type != EV_SYSCALL || off + size > FP_BUF_SIZE)
            break;
        off += size;
        /* (for a terminal: the bytes are shown before the program goes on) */
        if (tr->rp_live_echo && (h->flags & XF_ECHO))
            break;
    }
    if (off == 0)
        return 0;
    /* (the run lies at the head of the queue as the hook takes it: from there) */
    const uint64_t bounds[2] = {0, off}; /* rp_next, rp_end */
    if (mem_poke(t->tid, FP_BUF, tr->q.data + tr->q_pos, off) < 0 ||
        mem_poke(t->tid, CTL_RP_NEXT, bounds, sizeof bounds) < 0)
        return 0;
    tr->rp_owner = t;
    tr->rp_synced = 0;
    tr->rp_in_hook = 0;
    tr->rp_run_tid = t->tid;
    tr->rp_run_start = head_at;
    tr->rp_run_end = head_at + off;
    return off;
}

/* t stopped: consume the records its hook answered since it ran. */
void rp_sync(struct tracer *tr, struct thread *t)
{
    if (tr->rp_owner != t)
        return;
    struct fp_ctl ctl;
    if (fp_read_ctl(t->tid, &ctl) < 0) {
        tr->rp_owner = NULL;
        return;
    }
    uint64_t code[8][2]; /* files the hook mapped executable: code to patch */
    unsigned ncode = 0;
    while (tr->rp_synced < ctl.rp_next) {
        const struct ev_hdr *h = head(tr);
        if (!h)
            break;
        const struct ev_syscall *x = (const void *)h;
        if (x->nr == SYS_mmap && (x->h.flags & XF_MMAP_FILE) && (x->args[2] & PROT_EXEC) &&
            (uint64_t)x->ret < (uint64_t)-4095 && ncode < 8) {
            code[ncode][0] = (uint64_t)x->ret;
            code[ncode++][1] = (uint64_t)x->ret + x->args[1];
        }
        if (x->h.flags & XF_ECHO)
            echo(tr, x);
        tr->rp_synced += h->size;
        tr->fast_calls++;
        consume(tr);
    }
    tr->rp_in_hook = ctl.in_hook != FP_IDLE;
    if (ctl.rp_next >= ctl.rp_end)
        tr->rp_owner = NULL; /* all answered */
    for (unsigned i = 0; i < ncode; i++)
        fp_patch_known(tr, t, code[i][0], code[i][1]);
}

/* The tracer answers t's call itself: what is left of the run would no
 * longer line up with the stream, so the hook must not answer from it. */
void rp_drop(struct tracer *tr, struct thread *t)
{
    if (tr->rp_owner != t || tr->rp_in_hook)
        return;
    const uint64_t none = 0;
    mem_poke(t->tid, CTL_RP_END, &none, sizeof none);
    tr->rp_owner = NULL;
}

/* Is there a layout of call nr's memory the hook cannot compare? */
static int has_nested_memory(uint32_t nr)
{
    const struct st_syscall *sc = syscall_info(nr);
    if (!sc || !sc->described)
        return 1;
    for (unsigned i = 0; i < sc->n_effects; i++) {
        const struct st_effect *e = &sc->effects[i];
        if (e->dir == ST_DIR_PATH)
            continue; /* the file an mmap maps: the hook maps it itself */
        if ((e->dir != ST_DIR_IN && e->dir != ST_DIR_OUT) ||
            (e->layout != ST_LAYOUT_FLAT && e->layout != ST_LAYOUT_FCNTL))
            return 1;
    }
    return 0;
}

int rp_patchable(struct tracer *tr, uint64_t nr)
{
    if (nr >= 512 || has_nested_memory((uint32_t)nr))
        return 0;
    return (tr->rp_patchable[nr >> 3] & (1u << (nr & 7))) || (tr->fast && hook_runs((int32_t)nr));
}

/*
 * t is at the entry of a call the hook could answer, made at a site not
 * patched yet: patch it, and have t make the call again through the hook,
 * keeping the token (nothing was consumed). 1 when done so.
 */
int rp_try_patch(struct tracer *tr, struct thread *t, uint64_t ip)
{
    if (!t->fp || tr->running != t || t->rstate != RS_RUNNING)
        return 0;
    if (!fp_try_patch(tr, t, t->nr, ip))
        return 0;
    /* the call is skipped (the patch rewound it): at its seccomp stop, it
     * has no exit stop then */
    t->in_syscall = 0;
    t->entered_traced = 0;
    ptrace(PTRACE_CONT, t->tid, 0, 0);
    return 1;
}

/* t has just exec'd (at its execve's exit stop): map the hook, for replay. */
void rp_inject(struct tracer *tr, struct thread *t)
{
    int sig = 0, moved; /* (a signal from outside: replay drops those anyway) */
    t->fp_inject = 0;
    if (tr->rp_run_tid == t->tid)
        tr->rp_run_tid = 0; /* (a new program: a new buffer) */
    t->fp = fp_inject(t->tid, &sig, &moved, NULL) == 0;
    if (!t->fp)
        return;
    const uint32_t on = 1;
    if (mem_poke(t->tid, FP_CTL + offsetof(struct fp_ctl, replaying), &on, sizeof on) < 0)
        t->fp = 0;
    else
        fp_patch_known_mapped(tr, t);
}
