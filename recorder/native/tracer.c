/*
 * The tracer thread: forks the program, follows every thread and process it
 * creates, and turns ptrace stops into events. ptrace requests are accepted
 * only from the thread that attached, so everything ptrace happens here.
 *
 * Each syscall costs two stops (entry and exit). At entry we note number and
 * arguments (PTRACE_GET_SYSCALL_INFO tells entry from exit unambiguously) and
 * copy the memory the kernel will read; at exit the result and the memory it
 * wrote.
 *
 * One thread at a time runs in user space: it holds the "token" until it
 * enters a syscall; threads whose syscalls have returned wait at their exit
 * stop in a queue, and the token goes to the first of them. A syscall's record
 * is emitted when its thread gets the token, so `seq` is the order in which
 * threads returned to user space, and replay, releasing threads in that same
 * order, reproduces how their user-space code interleaved. A thread that keeps
 * the token for long without a syscall (a spin loop) is preempted with
 * SIGSTOP, at a point replay cannot reproduce exactly.
 *
 * With the fast path (fastpath.c), a seccomp filter stops only the syscalls
 * not made by the in-process hook: threads run under PTRACE_CONT and a call
 * starts with a seccomp stop instead of a syscall-entry stop. The hook's
 * records are taken out of its buffer whenever the thread holding the token
 * stops, so they take their place in `seq` before anything that follows.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fastpath/fastpath.h"
#include "systape.h"

#define CLONE_THREAD_FLAG 0x00010000ULL
#define CLONE_FILES_FLAG 0x00000400ULL
#define FLAG_REFUSED 2
#define FLAG_INJECTED 16
#define FLAG_NO_RETURN 4

/* ---- events ---- */

static void emit_syscall(struct tracer *tr, struct thread *t, int64_t ret, uint16_t flags)
{
    struct ev_syscall *e = (struct ev_syscall *)t->rec.data;
    e->h.size = (uint32_t)t->rec.len;
    e->h.type = EV_SYSCALL;
    e->h.flags = t->rec_flags | flags;
    e->seq = tr->seq++;
    e->pid = t->pid;
    e->tid = t->tid;
    e->nr = (int32_t)t->nr;
    e->nmem = t->nmem;
    memcpy(e->args, t->args, sizeof e->args);
    e->ret = ret;
    if (t->nr == SYS_execve || t->nr == SYS_execveat) {
        /* as it is: TypeScript may redact the environment it passes */
        timing_refresh();
        timing_stamp(e, tr->origin_tsc);
    } else {
        /* packed into the trace's form on its way out (events.c), as the
         * hook's records are: TypeScript only copies it */
        e->h.type = EV_RAW_SYSCALL;
    }
    out_event(&tr->s->out, t->rec.data, t->rec.len);
    tr->syscalls++;
    t->in_syscall = 0;
    t->refused = 0;
    t->rec.len = 0;
}

static void emit_spawn(struct tracer *tr, struct thread *parent, pid_t child_pid, pid_t child_tid,
                       uint32_t kind)
{
    struct ev_spawn e = {.h = {sizeof e, EV_SPAWN, 0},
                         .seq = tr->seq++,
                         .pid = parent->pid,
                         .tid = parent->tid,
                         .child_pid = child_pid,
                         .child_tid = child_tid,
                         .kind = kind};
    out_event(&tr->s->out, &e, sizeof e);
}

static void emit_start(struct tracer *tr, struct thread *t)
{
    struct ev_start e = {.h = {sizeof e, EV_START, 0}, .seq = tr->seq++, .pid = t->pid, .tid = t->tid};
    out_event(&tr->s->out, &e, sizeof e);
}

static void emit_exit(struct tracer *tr, pid_t pid, pid_t tid, int status, int superseded)
{
    struct ev_exit e = {.h = {sizeof e, EV_EXIT, 0},
                        .seq = tr->seq++,
                        .pid = pid,
                        .tid = tid,
                        .status = status,
                        .superseded = (uint32_t)superseded};
    out_event(&tr->s->out, &e, sizeof e);
}

/* ---- the user-space token ---- */

/* t, stopped, wants to return to user space: queue it for the token. */
static void enqueue(struct tracer *tr, struct thread *t, int sig)
{
    t->resume_sig = sig;
    if (t->queued)
        return;
    struct thread *r = tr->running;
    if (r && r != t && r->fp && !tr->fp_yield_asked) {
        /* the holder, making calls in-process, is to let t have its turn */
        fp_set_yield(r->tid, 1);
        tr->fp_yield_asked = 1;
    }
    t->queued = 1;
    t->ready_next = NULL;
    if (tr->ready_tail)
        tr->ready_tail->ready_next = t;
    else
        tr->ready_head = t;
    tr->ready_tail = t;
}

static void dequeue(struct tracer *tr, struct thread *t)
{
    struct thread **pp = &tr->ready_head, *prev = NULL;
    while (*pp && *pp != t) {
        prev = *pp;
        pp = &(*pp)->ready_next;
    }
    if (!*pp)
        return;
    *pp = t->ready_next;
    if (tr->ready_tail == t)
        tr->ready_tail = prev;
    t->queued = 0;
    t->ready_next = NULL;
}

/* t left user space (entered the kernel, or died). */
static void left_user_space(struct tracer *tr, struct thread *t)
{
    if (tr->running == t)
        set_token_holder(tr, NULL);
}

/* Does replay run t's pending call for real (an munmap, a clone), rather
 * than answer it from the trace? Its place among the others then matters. */
static int pending_for_real(const struct tracer *tr, const struct thread *t)
{
    const uint8_t *emulated = tr->s->cfg.emulated;
    return t->pending && (t->nr >= 8 * sizeof tr->s->cfg.emulated ||
                          !(emulated[t->nr >> 3] & (1u << (t->nr & 7))));
}

/* The queued thread to run next: the first; with CFG_CHAOS, one drawn at
 * random. Its pending call's record goes out when it runs, so the draw orders
 * the records: a call replay makes for real (an munmap, say) keeps its place
 * before those that came back from the kernel after it (an mmap that found
 * the room it freed), and only the others go in any order. */
static struct thread *next_to_run(struct tracer *tr)
{
    struct thread *t = tr->ready_head;
    if (!tr->chaos || !t->ready_next)
        return t;
    struct thread *candidates[64];
    unsigned n = 0, real_seen = 0;
    for (struct thread *q = t; q && n < 64; q = q->ready_next) {
        int real = pending_for_real(tr, q);
        if (real && real_seen)
            continue;
        real_seen |= real;
        candidates[n++] = q;
    }
    tr->chaos ^= tr->chaos << 13;
    tr->chaos ^= tr->chaos >> 7;
    tr->chaos ^= tr->chaos << 17;
    return candidates[tr->chaos % n];
}

/* Give the token to the first queued thread (or, with CFG_CHAOS, one of
 * them), emitting its syscall's record. */
static void dispatch(struct tracer *tr)
{
    while (!tr->running && tr->ready_head) {
        struct thread *t = next_to_run(tr);
        dequeue(tr, t);
        if (t->pending) {
            t->pending = 0;
            emit_syscall(tr, t, t->pending_ret, t->pending_flags);
        }
        if (!t->started) {
            /* its first run: where among the others' calls, for replay */
            t->started = 1;
            emit_start(tr, t);
        }
        set_token_holder(tr, t);
        if (t->fp) {
            /* whether others wait already: then it yields after its next call */
            tr->fp_yield_asked = tr->ready_head != NULL;
            fp_set_yield(t->tid, (uint32_t)tr->fp_yield_asked);
        }
        /* after a clock read the tracer answered, the next call is likely one
         * too: it stops at its entry without running (answer.c) */
        int req = tr->fast ? PTRACE_CONT : t->clock_next ? PTRACE_SYSEMU : PTRACE_SYSCALL;
        t->sysemu = req == PTRACE_SYSEMU;
        if (ptrace(req, t->tid, 0, (void *)(uintptr_t)t->resume_sig) < 0)
            set_token_holder(tr, NULL); /* it died meanwhile; its exit comes through waitpid */
    }
}

/* exit or exit_group, except a leader leaving other threads behind (it
 * stays a zombie, its death unreported, until they are gone too). */
static int exits_for_good(const struct thread *t)
{
    return t->nr == SYS_exit_group || (t->nr == SYS_exit && t->tid != t->pid);
}

/* Let t, stopped in the kernel's way in or out, continue without the token:
 * into its syscall, or through an event stop inside one. */
static void continue_in_kernel(struct thread *t)
{
    t->sysemu = 0;
    resume(t->tid, 0);
}

/* ---- stops ---- */

static void set_result(pid_t tid, int64_t value, int skip_call)
{
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, tid, 0, &regs) < 0)
        return;
    if (skip_call)
        regs.orig_rax = (uint64_t)-1; /* the kernel skips syscall -1 */
    else
        regs.rax = (uint64_t)value;
    ptrace(PTRACE_SETREGS, tid, 0, &regs);
}

/* record --inject: is t's call one that TypeScript's rules may fail? */
static int wants_injection(const struct tracer *tr, const struct thread *t)
{
    const struct session_config *cfg = &tr->s->cfg;
    return (cfg->flags & CFG_INJECT) && !tr->inject_deaf && t->nr < 512 &&
           (cfg->intercept[t->nr >> 3] & (1u << (t->nr & 7)));
}

/* At t's call's entry: ask the rules; a fault means no call, and the
 * result they give (recorded with FLAG_INJECTED at the exit). */
static void ask_injection(struct tracer *tr, struct thread *t)
{
    struct user_regs_struct regs;
    struct ev_icall e = {.h = {sizeof e, EV_ICALL, 0},
                         .seq = tr->seq,
                         .pid = t->pid,
                         .tid = t->tid,
                         .nr = (int32_t)t->nr,
                         .sp = ptrace(PTRACE_GETREGS, t->tid, 0, &regs) == 0 ? regs.rsp : 0};
    memcpy(e.args, t->args, sizeof e.args);
    struct ic_decision d;
    if (ic_ask(tr->s, &e, &d) < 0)
        tr->inject_deaf = 1;
    if (d.action == IC_KILL) {
        tr->inject_deaf = 1; /* a rule failed: nothing more to ask */
        for (struct thread *u = tr->all; u; u = u->all_next)
            kill(u->pid, SIGKILL);
    } else if (d.action == IC_SKIP) {
        set_result(t->tid, 0, 1);
        t->injected = 1;
        t->inject_ret = d.value;
    }
}

/* t's call has its result before its exit stop: its record is complete, as
 * at an exit stop, and the exit stop is not waited for. */
static void complete_early(struct thread *t, int64_t ret, uint64_t now)
{
    capture_exit(t, ret);
    if (t->rec.len >= sizeof(struct ev_syscall))
        ((struct ev_syscall *)t->rec.data)->t1 = now;
    t->pending = 1;
    t->pending_ret = ret;
    t->pending_flags = 0;
}

/* A call the tracer answers at its entry stop (answer.c), or with the fast
 * path one whose result is known there: complete there, without its exit
 * stop. 1 when it is. */
static int answer_at_entry(struct tracer *tr, struct thread *t, uint64_t now)
{
    int64_t ret;
    if (wants_injection(tr, t))
        return 0;
    if ((tracer_can_answer(t) && tracer_answer(t, &ret)) ||
        (tr->fast && known_result(t, &ret))) {
        complete_early(t, ret, now);
        return 1;
    }
    return 0;
}

/* t, let go with PTRACE_SYSEMU, is at the entry of a call the tracer does
 * not answer, which therefore did not run: it is made again, for real. */
static int rerun_skipped(struct thread *t)
{
    t->in_syscall = 0;
    t->clock_next = 0;
    rerun_call(t);
    return 0;
}

/* info: what PTRACE_GET_SYSCALL_INFO says at this stop; `skipped`: an entry
 * stop of a call that does not run (t was let go with PTRACE_SYSEMU). Returns
 * 0 when the stop is done with, t let go again to make its call for real. */
static int on_syscall_stop(struct tracer *tr, struct thread *t,
                           const struct __ptrace_syscall_info *info, int skipped)
{
    uint64_t now = tsc_now(); /* before the tracer's own work on the stop */
    if (info->op == PTRACE_SYSCALL_INFO_ENTRY || info->op == PTRACE_SYSCALL_INFO_SECCOMP) {
        /* (entry and seccomp share their layout) */
        t->nr = (uint32_t)info->entry.nr;
        memcpy(t->args, info->entry.args, sizeof t->args);
        t->entry_ip = info->instruction_pointer;
        t->in_syscall = 1;
        t->nmem = 0;
        t->rec_flags = 0;
        t->rec.len = 0;
        struct ev_syscall *e = buf_append(&t->rec, NULL, sizeof *e);
        if (e) {
            memset(e, 0, sizeof *e);
            e->t0 = now;
        }
        if (t->pre_exec && t->nr != SYS_execve)
            return 1;
        if (skipped && !tracer_can_answer(t))
            return rerun_skipped(t); /* (before anything is asked or noted of it) */
        if (t->nr == SYS_clone)
            t->clone_flags = t->args[0];
        else if (t->nr == SYS_clone3 && mem_read(t->tid, t->args[0], &t->clone_flags, 8) < 0)
            t->clone_flags = 0;
        if (((t->nr == SYS_clone || t->nr == SYS_clone3) && (t->clone_flags & CLONE_NEWPID)) ||
            (t->nr == SYS_unshare && (t->args[0] & CLONE_NEWPID)) || t->nr == SYS_setns)
            tr->pid_ns_changed = 1;
        capture_entry(t);
        if (wants_injection(tr, t))
            ask_injection(tr, t);
        if (t->nr == SYS_io_uring_setup && (tr->s->cfg.flags & CFG_REFUSE_IO_URING)) {
            /* The kernel fills io_uring rings asynchronously, outside any
             * syscall: refuse it so programs fall back to plain syscalls. */
            set_result(t->tid, 0, 1);
            t->refused = 1;
        }
        int answered = answer_at_entry(tr, t, now);
        if (skipped && !answered)
            return rerun_skipped(t);
        /* (its next call is likely a clock read too: see answer.c) */
        t->clock_next = answered && clock_read(t->nr);
        return 1;
    }
    if (info->op != PTRACE_SYSCALL_INFO_EXIT || !t->in_syscall)
        return 1; /* an exit without its entry: the call began before we attached */
    int64_t ret = info->exit.rval;
    if (t->pre_exec) {
        if (t->nr == SYS_execve && ret < 0)
            tr->exec_errno = (int)-ret;
        t->in_syscall = 0;
        return 1;
    }
    uint16_t flags = 0;
    if (t->refused) {
        ret = -ENOSYS;
        set_result(t->tid, ret, 0);
        flags |= FLAG_REFUSED;
    }
    if (t->injected) {
        t->injected = 0;
        ret = t->inject_ret;
        set_result(t->tid, ret, 0);
        flags |= FLAG_INJECTED;
    }
    capture_exit(t, ret);
    if (t->rec.len >= sizeof(struct ev_syscall))
        ((struct ev_syscall *)t->rec.data)->t1 = now;
    t->pending = 1;
    t->pending_ret = ret;
    t->pending_flags = flags;
    return 1;
}

/* Returns the thread now running the new program (t may have been freed). */
static struct thread *on_exec_event(struct tracer *tr, struct thread *t)
{
    unsigned long former = 0;
    ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &former);
    pid_t caller = (pid_t)former;
    if (caller != t->tid) {
        /* A non-leader thread called execve: the kernel killed the leader
         * (and every other thread) and gave the caller the leader's tid. */
        struct thread *c = thread_find(tr, caller);
        if (c) {
            left_user_space(tr, t);
            dequeue(tr, t);
            if (t->pending)
                emit_syscall(tr, t, t->pending_ret, t->pending_flags);
            else if (t->in_syscall && !t->pre_exec)
                emit_syscall(tr, t, 0, FLAG_NO_RETURN);
            emit_exit(tr, t->pid, t->tid, SIGKILL, 1);
            thread_free(tr, t);
            thread_rekey(tr, c, c->pid);
            t = c;
        } else {
            caller = t->tid;
        }
    }
    if (t->in_syscall) {
        /* The execve returns 0 only after this stop: record it now, so it
         * precedes the exec event, and ignore the coming exit stop. */
        pid_t real_tid = t->tid;
        t->tid = caller;
        t->pre_exec = 0;
        if (t->rec.len >= sizeof(struct ev_syscall))
            ((struct ev_syscall *)t->rec.data)->t1 = tsc_now(); /* (the new program is in) */
        emit_syscall(tr, t, 0, 0);
        t->tid = real_tid;
    }
    t->pre_exec = 0;
    struct exec_info info;
    exec_stop(&tr->s->out, tr->seq++, t->pid, caller, !!(tr->s->cfg.flags & CFG_NO_VDSO), NULL,
              &info);
    if (tr->fast)
        fp_new_program(tr, t, &info);
    return t;
}

/* Returns the new task's tid. */
static pid_t on_clone_event(struct tracer *tr, struct thread *t, int event)
{
    unsigned long msg = 0;
    ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg);
    pid_t child = (pid_t)msg;
    uint32_t kind = 0;
    if (event == PTRACE_EVENT_VFORK)
        kind = 2;
    else if (event == PTRACE_EVENT_CLONE && (t->clone_flags & CLONE_THREAD_FLAG))
        kind = 1;
    pid_t child_pid = kind == 1 ? t->pid : child;
    struct thread *c = thread_find(tr, child);
    if (!c) {
        c = thread_new(tr, child, child_pid);
        if (c)
            c->fresh = 1;
    }
    if (!c)
        return 0;
    c->pid = child_pid;
    c->announced = 1;
    fp_new_task(c, t, kind == 2);
    if (t->fp && (kind == 1 || (t->clone_flags & CLONE_FILES_FLAG))) {
        fp_share_fds(t->tid);
        if (kind != 1)
            fp_share_fds(child);
    }
    emit_spawn(tr, t, child_pid, child, kind);
    if (c->held) {
        c->held = 0;
        enqueue(tr, c, 0);
    }
    return child;
}

/* Signals held back while t was in the fast path: send them again, to
 * arrive now that t is out (at delivery their details are put back). */
static void raise_held_signals(struct thread *t)
{
    uint64_t todo = t->fp_held & ~t->fp_raised;
    if (!todo)
        return;
    for (int sig = 1; sig <= 64; sig++)
        if (todo & (1ULL << (sig - 1)))
            syscall(SYS_tgkill, t->pid, t->tid, sig);
    t->fp_raised |= todo;
}

/* A seccomp stop the fast path answers itself: a stub's yield, the hook's
 * request to empty its buffer, and a call at a site patched now (made again
 * through the hook). None makes a record of its own. Returns 1 when handled. */
static int on_fast_stop(struct tracer *tr, struct thread *t, uint64_t nr, uint64_t ip)
{
    if (!t->fp || t->pre_exec)
        return 0;
    if (nr == FP_REQ_YIELD) {
        /* Its call's record was kept as pending (on_stop): it waits for the
         * token like a thread back from a traced call, and gets its result
         * back in rax (the stub's request took it). */
        struct fp_ctl ctl;
        fp_skip_call(t->tid, fp_read_ctl(t->tid, &ctl) == 0 ? ctl.last_ret : -EIO);
        raise_held_signals(t);
        fp_empty_buffer(t->tid);
        fp_set_yield(t->tid, 0);
        tr->fp_yield_asked = 0;
        left_user_space(tr, t);
        enqueue(tr, t, 0);
        return 1;
    }
    if (nr == FP_REQ_FLUSH) {
        /* The records went out as it stopped. It goes on at once, keeping the
         * token: it is on the hook's stack, which no other thread may take. */
        fp_skip_call(t->tid, 0);
        fp_empty_buffer(t->tid); /* the hook asks: it writes from the start again */
        ptrace(PTRACE_CONT, t->tid, 0, 0);
        return 1;
    }
    if (!fp_try_patch(tr, t, nr, ip))
        return 0;
    /* It makes the call again at once, keeping the token: a patch must not
     * change which thread runs when (the trace has no record of it). */
    ptrace(PTRACE_CONT, t->tid, 0, 0);
    return 1;
}

/* A signal for the token holder while it is in the fast path (in the hook,
 * on its stack, or in a stub's tail): hold the signal back until the thread
 * is out, so that its handler runs where it would without the hook and the
 * trace keeps the order in which things happened. It is raised again at the
 * thread's next stop (the stub's yield, a traced call, a preemption).
 * Our own preemption waits for a later tick. Returns 1 when t went on
 * without the signal. */
static int hold_signal(struct tracer *tr, struct thread *t, int sig)
{
    if (!t->fp || t != tr->running || sig == SIGKILL)
        return 0;
    int in_fast_path = t->fp_in_hook;
    if (!in_fast_path) {
        /* on the hook's stack (a handler would run there, not where it runs
         * without the hook), or back from it but the call not finished */
        struct user_regs_struct regs;
        if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
            return 0;
        in_fast_path = (regs.rsp >= FP_STACKS && regs.rsp < FP_STACKS_TOP) ||
                       fp_in_stub_tail(t->tid, regs.rip);
    }
    if (!in_fast_path)
        return 0; /* in its own code: delivered where it is, as without the hook */
    if (sig == SIGSTOP && t->tid == tr->s->preempt_tid) {
        tr->s->preempt_tid = 0;
        ptrace(PTRACE_CONT, t->tid, 0, 0);
        return 1;
    }
    uint64_t bit = 1ULL << (sig - 1);
    if (!t->fp_siginfo && !(t->fp_siginfo = calloc(64, sizeof *t->fp_siginfo)))
        return 0;
    /* (one raised again but still blocked, now unblocked in the hook, is
     * held once more: its details are those kept the first time) */
    if (!(t->fp_held & bit) &&
        ptrace(PTRACE_GETSIGINFO, t->tid, 0, &t->fp_siginfo[sig - 1]) < 0)
        return 0;
    struct fp_ctl ctl;
    if (fp_read_ctl(t->tid, &ctl) < 0)
        return 0;
    /* the stub yields when back on the program's stack; the signal is
     * raised again then (on_fast_stop) */
    ctl.yield = 1;
    if (fp_write_ctl(t->tid, &ctl) < 0)
        return 0;
    t->fp_held |= bit;
    t->fp_raised &= ~bit;
    ptrace(PTRACE_CONT, t->tid, 0, 0);
    return 1;
}

static int is_stop_signal(int sig)
{
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void on_signal_stop(struct tracer *tr, struct thread *t, int sig)
{
    siginfo_t si;
    if (t->pre_exec) {
        continue_in_kernel(t); /* our own SIGSTOP/SIGCONT handshake */
        return;
    }
    if (hold_signal(tr, t, sig))
        return;
    uint64_t bit = sig >= 1 && sig <= 64 ? 1ULL << (sig - 1) : 0;
    if (t->fp_raised & bit) {
        /* a held-back signal, raised again: give it back its own details */
        ptrace(PTRACE_SETSIGINFO, t->tid, 0, &t->fp_siginfo[sig - 1]);
        t->fp_held &= ~bit;
        t->fp_raised &= ~bit;
    }
    if (sig == SIGSTOP && t->tid == tr->s->preempt_tid) {
        /* Our preemption of a thread that kept the token too long: let the
         * next queued thread run, and this one after it. */
        tr->s->preempt_tid = 0;
        left_user_space(tr, t);
        enqueue(tr, t, 0);
        return;
    }
    if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) < 0) {
        left_user_space(tr, t);
        enqueue(tr, t, sig);
        return;
    }
    struct ev_signal e = {.h = {sizeof e, EV_SIGNAL, 0},
                          .seq = tr->seq++,
                          .pid = t->pid,
                          .tid = t->tid,
                          .signo = sig,
                          .code = si.si_code,
                          .sender = si.si_code <= 0 || sig == SIGCHLD ? si.si_pid : 0};
    out_event(&tr->s->out, &e, sizeof e);
    left_user_space(tr, t);
    enqueue(tr, t, sig);
}

static void on_task_exit(struct tracer *tr, struct thread *t, int status)
{
    left_user_space(tr, t);
    dequeue(tr, t);
    if (t->pending) /* killed at its exit stop, before it got the token */
        emit_syscall(tr, t, t->pending_ret, t->pending_flags);
    else if (t->in_syscall && !t->pre_exec)
        emit_syscall(tr, t, 0, FLAG_NO_RETURN);
    if (!t->pre_exec)
        emit_exit(tr, t->pid, t->tid, status, 0);
    if (t->tid == tr->root)
        tr->root_status = status;
    thread_free(tr, t);
}

/* A new program, at its exec event: the hook goes in. Returns 1 when t is
 * then out of the execve, queued to run the program; 0 when it is still at
 * the event (a program the hook cannot go into). */
static int inject_hook(struct tracer *tr, struct thread *t)
{
    const struct session_config *cfg = &tr->s->cfg;
    int sig = 0, moved;
    t->fp_inject = 0;
    t->fp = fp_inject(t->tid, &sig, &moved,
                      (cfg->flags & CFG_INJECT) ? cfg->intercept : NULL) == 0;
    if (t->fp)
        fp_patch_known_mapped(tr, t);
    if (!moved)
        return 0;
    left_user_space(tr, t);
    enqueue(tr, t, sig); /* back to user space when its turn comes */
    return 1;
}

static void on_stop(struct tracer *tr, struct thread *t, int status)
{
    int sig = WSTOPSIG(status);
    int event = (unsigned)status >> 16;
    int syscall_stop = sig == (SIGTRAP | 0x80) || event == PTRACE_EVENT_SECCOMP;
    /* read once: the fast path and the syscall's record both need it */
    struct __ptrace_syscall_info info = {.op = PTRACE_SYSCALL_INFO_NONE};
    if (syscall_stop && ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof info, &info) <= 0)
        info.op = PTRACE_SYSCALL_INFO_NONE;
    uint64_t nr = (uint64_t)-1, ip = 0;
    if (t->fp && info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
        nr = info.seccomp.nr;
        ip = info.instruction_pointer;
    }
    if (t->fp && t == tr->running) {
        /* the hook's records come before whatever this stop brings */
        struct fp_ctl ctl;
        t->fp_in_hook =
            fp_flush(tr, t, &ctl, nr == FP_REQ_YIELD) >= 0 && ctl.in_hook != FP_IDLE;
    }
    if (nr != (uint64_t)-1 && on_fast_stop(tr, t, nr, ip))
        return;
    if (event == PTRACE_EVENT_SECCOMP || (event == 0 && sig == SIGSTOP))
        raise_held_signals(t); /* out of the hook, in a traced call or preempted */
    if (syscall_stop) {
        int skipped = t->sysemu && info.op == PTRACE_SYSCALL_INFO_ENTRY;
        t->sysemu = 0;
        if (!on_syscall_stop(tr, t, &info, skipped))
            return; /* on its way to make the call again, for real */
        if (t->pre_exec) {
            continue_in_kernel(t);
        } else if (t->in_syscall && !t->pending) {
            /* Entering the kernel: the token is free for someone else. Not
             * for a thread on its way out: it keeps the token until its death
             * is reported, so the kernel's clearing of its tid (which
             * pthread_join waits for) happens before anyone else runs. */
            if (!exits_for_good(t))
                left_user_space(tr, t);
            continue_in_kernel(t);
        } else {
            left_user_space(tr, t);
            enqueue(tr, t, 0); /* back to user space when its turn comes */
        }
        return;
    }
    switch (event) {
    case 0:
        on_signal_stop(tr, t, sig);
        return;
    case PTRACE_EVENT_EXEC:
        t = on_exec_event(tr, t);
        if (t->fp_inject && inject_hook(tr, t))
            return; /* on its way to the program already: no exit stop comes */
        continue_in_kernel(t); /* on to the execve's exit stop */
        return;
    case PTRACE_EVENT_CLONE:
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK: {
        pid_t child = on_clone_event(tr, t, event);
        /* With the fast path, the call's result, the child's id, is known
         * now: no exit stop (but for a vfork, whose caller waits in the kernel
         * for the child's exec: its exit stop says when it is back). The id is
         * the tracer's view of it, the caller's too unless a pid namespace
         * came between them. */
        if (tr->fast && event != PTRACE_EVENT_VFORK && child > 0 && !tr->pid_ns_changed &&
            t->in_syscall && !t->pending) {
            complete_early(t, child, tsc_now());
            left_user_space(tr, t);
            enqueue(tr, t, 0);
            return;
        }
        continue_in_kernel(t);
        return;
    }
    case PTRACE_EVENT_STOP:
        if (t->fresh) {
            /* A new task's first stop. Hold it until its parent's clone
             * event names it, so its spawn precedes its first syscall. */
            t->fresh = 0;
            if (!t->announced) {
                t->held = 1;
                return;
            }
            enqueue(tr, t, 0);
            return;
        }
        if (t->pre_exec) {
            continue_in_kernel(t);
            return;
        }
        if (is_stop_signal(sig)) {
            /* Group stop (Ctrl-Z, SIGSTOP): stay stopped until SIGCONT. */
            ptrace(PTRACE_LISTEN, t->tid, 0, 0);
            return;
        }
        left_user_space(tr, t);
        enqueue(tr, t, 0);
        return;
    default:
        continue_in_kernel(t);
        return;
    }
}

void *tracer_main(void *arg)
{
    struct session *s = arg;
    struct tracer *tr = calloc(1, sizeof *tr);
    if (!tr) {
        close(s->out.fd);
        session_free(s);
        return NULL;
    }
    tr->s = s;
    tr->fast = !!(s->cfg.flags & CFG_FASTPATH);
    timing_start();
    tr->origin_tsc = tsc_now();
    s->out.origin_tsc = tr->origin_tsc;
    if (s->cfg.flags & CFG_CHAOS)
        tr->chaos = tr->origin_tsc | 1; /* (any nonzero seed; the TSC differs run to run) */
    if (tr->fast)
        fp_load_known(tr, &s->cfg.known, s->cfg.n_known);
    /* The buffers a flush of the hook's records is read into: the events
     * pending (two, swapped as written), with room for two flushes each (the
     * flusher writes them out at one). Each page costs the flusher ~20 µs in
     * a VM: no more than that. */
    if (tr->fast && buf_presize(&s->out.pending, 2 * FP_BUF_SIZE) == 0 &&
        buf_presize(&s->out.writing, 2 * FP_BUF_SIZE) == 0)
        s->prefault = 1;
    start_flusher(s);

    int err = spawn_root(tr);
    if (err < 0) {
        out_error(&s->out, -err, "cannot start the program: %s", strerror(-err));
    } else {
        struct ev_started st = {.h = {sizeof st, EV_STARTED, 0}, .root_pid = tr->root};
        out_event(&s->out, &st, sizeof st);
        for (;;) {
            int status;
            /* __WNOTHREAD: only our own tracees, never children the host
             * process (Node) spawned from other threads. */
            pid_t tid = waitpid(-1, &status, __WALL | __WNOTHREAD);
            if (tid < 0) {
                if (errno == EINTR)
                    continue;
                break; /* ECHILD: every tracee is gone */
            }
            struct thread *t = thread_find(tr, tid);
            if (!t) {
                if (!WIFSTOPPED(status))
                    continue;
                t = thread_new(tr, tid, read_tgid(tid));
                if (!t)
                    continue;
                t->fresh = 1;
            }
            if (WIFEXITED(status) || WIFSIGNALED(status))
                on_task_exit(tr, t, status);
            else if (WIFSTOPPED(status))
                on_stop(tr, t, status);
            dispatch(tr);
        }
        if (tr->exec_errno) {
            struct ev_exec_failed ef = {.h = {sizeof ef, EV_EXEC_FAILED, 0}, .err = tr->exec_errno};
            out_event(&s->out, &ef, sizeof ef);
        }
        struct ev_end end = {.h = {sizeof end, EV_END, 0},
                             .seq = tr->seq,
                             .root_status = tr->root_status,
                             .syscalls = tr->syscalls,
                             .fast_calls = tr->fast_calls};
        fp_emit_known(tr, &s->out);
        out_event(&s->out, &end, sizeof end);
    }
    stop_flusher(s); /* (before anything it may use goes) */
    while (tr->all)
        thread_free(tr, tr->all);
    mem_forget(0);
    buf_free(&tr->fp_scratch);
    buf_free(&tr->fp_packed);
    fp_free(tr);
    free(tr);
    out_flush(&s->out);
    close(s->out.fd);
    if (s->in_fd >= 0)
        close(s->in_fd); /* --inject's decisions */
    session_free(s);
    return NULL;
}
