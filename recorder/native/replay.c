/*
 * The replay loop: re-runs a recorded program and answers its system calls
 * from the trace instead of the kernel.
 *
 * TypeScript streams the recorded records, in their global order, through a
 * pipe ("expectations"), annotated with how to replay each call. Only the
 * head of that stream matters: a thread reaching a syscall entry proceeds when
 * the head is its record, and waits otherwise, so threads and processes run
 * in the recorded order. A matched call is either emulated (cancelled at
 * entry, given the recorded result and memory at exit) or executed for real
 * when it rebuilds process state (memory mappings, signal dispositions,
 * clone, execve, exit). The first mismatch stops everything and is reported;
 * with --keep-going, mismatches are reported and the program goes on where
 * that cannot touch the world (see mismatch()).
 *
 * This file: the stream, the token and scheduling, emulation, and the ptrace
 * stops. replay_calls.c matches calls against records and echoes output,
 * replay_mmap.c rebuilds memory mappings, replay_keep_going.c goes on after a
 * divergence (replay.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "replay.h"
#include "syscall_table.h"

/* ---- the expectation stream ---- */

/* Read len bytes of the expectation stream, through a large buffer: one
 * read(2) per batch of records rather than two per record. */
static int read_full(struct tracer *tr, void *dst, size_t len)
{
    uint8_t *out = dst;
    while (len) {
        if (tr->in_pos == tr->in.len) {
            tr->in.len = tr->in_pos = 0;
            if (buf_reserve(&tr->in, 256 * 1024) < 0)
                return -1;
            ssize_t n;
            do
                n = read(tr->in_fd, tr->in.data, tr->in.cap);
            while (n < 0 && errno == EINTR);
            if (n <= 0)
                return -1;
            tr->in.len = (size_t)n;
        }
        size_t take = tr->in.len - tr->in_pos < len ? tr->in.len - tr->in_pos : len;
        memcpy(out, tr->in.data + tr->in_pos, take);
        tr->in_pos += take;
        out += take;
        len -= take;
    }
    return 0;
}

/*
 * TypeScript's tables, a file to fill mappings from, or a chunk of the trace
 * as it is in the file (replay_chunk.c). Returns 1 when records were queued
 * or there may be more; 0 when the stream is over.
 */
static int load_input(struct tracer *tr, const struct ev_hdr *h)
{
    struct buf *body = &tr->fp_packed;
    body->len = 0;
    if (!tr->rin && !(tr->rin = replay_input_new())) {
        tr->in_eof = 1;
        return 0;
    }
    if (!buf_append(body, NULL, h->size - sizeof *h) || read_full(tr, body->data, body->len) < 0) {
        tr->in_eof = 1;
        return 0;
    }
    int bad = 0;
    uint32_t records = 0;
    if (h->type == EV_TABLES) {
        bad = replay_input_tables(tr->rin, body->data, body->len) < 0;
    } else if (h->type == EV_FILL) {
        uint32_t lens[2]; /* struct ev_fill's */
        if (body->len < sizeof lens) {
            bad = 1;
        } else {
            memcpy(lens, body->data, sizeof lens);
            const char *path = (const char *)body->data + sizeof lens;
            bad = (size_t)lens[0] + lens[1] > body->len - sizeof lens || lens[0] == 0 ||
                  lens[1] == 0 || path[lens[0] - 1] || path[lens[0] + lens[1] - 1] ||
                  replay_input_fill(tr->rin, path, path + lens[0]) < 0;
        }
    } else if (body->len < sizeof(struct ev_chunk) - sizeof *h) {
        bad = 1;
    } else {
        uint32_t len;
        memcpy(&len, body->data, sizeof len);
        bad = sizeof(struct ev_chunk) - sizeof *h + (size_t)len > body->len ||
              replay_input_chunk(tr->rin, body->data + sizeof(struct ev_chunk) - sizeof *h, len,
                                 &tr->q, &records) < 0;
    }
    if (bad) {
        tr->in_eof = 1;
        if (h->type == EV_CHUNK)
            out_error(&tr->s->out, EINVAL,
                      "replay: record %u of the trace's records chunk %u is not in a form this "
                      "systape reads (a damaged or newer trace)",
                      records + 1, tr->chunks_read + 1);
        else
            out_error(&tr->s->out, EINVAL, "replay: a damaged message from TypeScript");
        return 0;
    }
    if (h->type == EV_CHUNK)
        tr->chunks_read++;
    return 1;
}

/* Read the stream's next record (or batch of them) into the queue, after
 * those there; 0 when the stream has ended. */
static int load_one(struct tracer *tr)
{
    if (tr->in_eof)
        return 0;
    struct ev_hdr h;
    if (read_full(tr, &h, sizeof h) < 0 || h.size < sizeof h) {
        tr->in_eof = 1;
        return 0;
    }
    if (tr->q_pos == tr->q.len) {
        tr->q.len = tr->q_pos = 0; /* all consumed: start over */
    } else if (tr->q_pos >= (1u << 20)) {
        memmove(tr->q.data, tr->q.data + tr->q_pos, tr->q.len - tr->q_pos);
        tr->q.len -= tr->q_pos;
        tr->q_pos = 0;
    }
    if (h.type == EV_TABLES || h.type == EV_FILL || h.type == EV_CHUNK)
        return load_input(tr, &h);
    size_t at = tr->q.len;
    if (!buf_append(&tr->q, &h, sizeof h) || !buf_append(&tr->q, NULL, h.size - sizeof h) ||
        read_full(tr, tr->q.data + at + sizeof h, h.size - sizeof h) < 0) {
        tr->q.len = at;
        tr->in_eof = 1;
        return 0;
    }
    return 1;
}

/* The record `off` bytes past the head (NULL past the stream's end). Reading
 * ahead may move the queue: records seen before are to be looked up again. */
const struct ev_hdr *peek(struct tracer *tr, size_t off)
{
    while (tr->q.len - tr->q_pos <= off)
        if (!load_one(tr))
            return NULL;
    return (const struct ev_hdr *)(tr->q.data + tr->q_pos + off);
}

const struct ev_hdr *peek_ready(struct tracer *tr, size_t off)
{
    while (tr->q.len - tr->q_pos <= off) {
        struct pollfd in = {.fd = tr->in_fd, .events = POLLIN};
        if (tr->in_pos == tr->in.len && !tr->in_eof && poll(&in, 1, 0) == 0)
            return NULL;
        if (!load_one(tr))
            return NULL;
    }
    return (const struct ev_hdr *)(tr->q.data + tr->q_pos + off);
}

const struct ev_hdr *head(struct tracer *tr)
{
    return peek(tr, 0);
}

void consume(struct tracer *tr)
{
    if (tr->q_pos == tr->q.len)
        return;
    const struct ev_hdr *h = (const struct ev_hdr *)(tr->q.data + tr->q_pos);
    if (h->type == EV_SYSCALL)
        tr->syscalls++;
    tr->q_pos += h->size;
    tr->q_abs += h->size;
}

static struct thread *by_rec_tid(struct tracer *tr, pid_t rec_tid)
{
    for (struct thread *t = tr->all; t; t = t->all_next)
            if (t->rec_tid == rec_tid && !t->pre_exec)
                return t;
    return NULL;
}

static int exec_records(struct tracer *tr, struct thread *t, pid_t caller);

/*
 * Threads released to user space run under PTRACE_SYSEMU: their next syscall
 * stops at its entry and is not executed, so an emulated call costs one stop,
 * where PTRACE_SYSCALL would take two. When the thread's next record is a
 * call to execute for real, it runs under PTRACE_SYSCALL instead, so that the
 * call runs when resumed from its entry; a call entered under the wrong mode
 * is rewound and entered again (reenter(), redo_under_sysemu()).
 *
 * With the fast path (tr->fast), the program runs under PTRACE_CONT with the
 * recorder's seccomp filter instead: every call but the hook's stops at a
 * seccomp stop, where it can be skipped (emulated) or let run (real), and the
 * hook makes calls for real without a stop (replay_fast.c).
 */
static void resume_emu(struct tracer *tr, struct thread *t, int sig)
{
    int traced = t->pre_exec || t->traced_next;
    int req = tr->fast && !t->pre_exec ? PTRACE_CONT : traced ? PTRACE_SYSCALL : PTRACE_SYSEMU;
    ptrace(req, t->tid, 0, (void *)(uintptr_t)sig);
}

/* Is the record `off` bytes past the head thread t's next call, to be
 * executed for real? */
static int real_call_next(struct tracer *tr, struct thread *t, size_t off)
{
    const struct ev_hdr *h = peek(tr, off);
    if (!h)
        return 0;
    if (h->type == EV_SPAWN)
        return ((const struct ev_spawn *)h)->tid == t->rec_tid;
    if (h->type != EV_SYSCALL)
        return 0;
    const struct ev_syscall *x = (const void *)h;
    return x->tid == t->rec_tid && (x->h.flags & XF_REAL);
}

/*
 * Resume t from a signal-delivery stop in the mode its state needs: SYSEMU
 * only when it runs user code; a thread re-entering or inside a real call
 * must see that call executed (under SYSEMU its entry would skip it).
 */
static void resume_from_signal(struct tracer *tr, struct thread *t, int sig)
{
    if (t->rstate == RS_RUNNING)
        resume_emu(tr, t, sig);
    else
        ptrace(PTRACE_SYSCALL, t->tid, 0, (void *)(uintptr_t)sig);
}

/* Threads return to user space one at a time, in the recorded order (see
 * tracer.c): `running` holds the token until it stops at its next syscall. */
static void release(struct tracer *tr, struct thread *t, int sig)
{
    if (t->settid_addr) {
        uint32_t rec_tid = (uint32_t)t->rec_tid;
        write_tracee(t, t->settid_addr, &rec_tid, sizeof rec_tid);
        t->settid_addr = 0;
    }
    t->rstate = RS_RUNNING;
    if (!t->pre_exec)
        set_token_holder(tr, t);
    /* a signal to deliver first: its handler's calls come before that call */
    if (tr->fast && sig && !t->pre_exec) {
        /* From a seccomp stop a signal cannot be handed over on resuming:
         * send it, to be delivered (inject_sig) as the thread goes on. */
        syscall(SYS_tgkill, t->pid, t->tid, sig);
        sig = 0;
    }
    /* its hook answers the calls of its run (if it has one) first */
    size_t run = t->pre_exec ? 0 : rp_give(tr, t);
    t->traced_next = !tr->fast && !sig && !t->pre_exec && real_call_next(tr, t, run);
    resume_emu(tr, t, sig);
}

static void left_user_space(struct tracer *tr, struct thread *t)
{
    if (tr->running == t)
        set_token_holder(tr, NULL);
}

/* The next recorded event for thread t is a signal: its number, else 0. */
static int head_signal_for(struct tracer *tr, struct thread *t)
{
    const struct ev_hdr *h = head(tr);
    if (!h || h->type != EV_SIGNAL)
        return 0;
    const struct ev_signal *x = (const void *)h;
    return x->tid == t->rec_tid ? x->signo : 0;
}

/* ---- tracee registers and memory ---- */

void poke_reg(pid_t tid, size_t offset, uint64_t value)
{
    ptrace(PTRACE_POKEUSER, tid, (void *)offset, (void *)value);
}

int write_tracee(struct thread *t, uint64_t addr, const void *src, size_t len)
{
    struct iovec local = {(void *)src, len};
    struct iovec remote = {(void *)(uintptr_t)addr, len};
    if (process_vm_writev(t->tid, &local, 1, &remote, 1, 0) == (ssize_t)len)
        return 0;
    /* read-only or executable pages: /proc/PID/mem writes through them */
    if (t->mem_fd <= 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/mem", t->tid);
        t->mem_fd = open(path, O_RDWR | O_CLOEXEC);
        if (t->mem_fd < 0) {
            t->mem_fd = 0;
            return -errno;
        }
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = pwrite(t->mem_fd, (const uint8_t *)src + done, len - done, (off_t)(addr + done));
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        done += (size_t)n;
    }
    return 0;
}

/* ---- reporting ---- */

/* With --keep-going a program that left the recording can go on for long:
 * report its first divergences, count the rest. */
#define MAX_REPORTED 100

/* An EV_DIVERGED event, then the call t made instead (when it made one). */
void report(struct tracer *tr, int reason, struct thread *t, int stopped)
{
    if (++tr->divergences > MAX_REPORTED && !stopped)
        return;
    const struct ev_hdr *h = head(tr);
    struct ev_diverged d = {.h = {sizeof d, EV_DIVERGED, 0},
                            .expected_seq = h ? ((const struct ev_syscall *)h)->seq : UINT64_MAX,
                            .reason = reason,
                            .stopped = (uint32_t)stopped};
    int with_call = t && t->in_syscall && t->rec.len >= sizeof(struct ev_syscall);
    if (t) {
        d.pid = t->pid;
        d.tid = t->tid;
        d.rec_tid = t->rec_tid;
    }
    d.has_call = (uint32_t)with_call;
    if (t && reason == DIV_RESULT) {
        d.actual_ret = t->real_ret;
        d.has_ret = 1;
    }
    out_event(&tr->s->out, &d, sizeof d);
    if (with_call) {
        struct ev_syscall *e = (struct ev_syscall *)t->rec.data;
        e->h.size = (uint32_t)t->rec.len;
        e->h.type = EV_SYSCALL;
        e->h.flags = t->rec_flags;
        e->seq = 0;
        e->pid = t->pid;
        e->tid = t->tid;
        e->nr = (int32_t)t->nr;
        e->nmem = t->nmem;
        memcpy(e->args, t->args, sizeof e->args);
        e->ret = 0;
        out_event(&tr->s->out, t->rec.data, t->rec.len);
    }
}

/* Report, and stop the program where it diverged: nothing past this point
 * is real. */
void diverge(struct tracer *tr, int reason, struct thread *t)
{
    if (tr->diverged)
        return;
    report(tr, reason, t, 1);
    tr->diverged = 1;
    for (struct thread *u = tr->all; u; u = u->all_next)
            kill(u->pid, SIGKILL);
}

/* ---- replaying one call ---- */

/* The head is the signal record x for t: t is to get that signal, and the
 * record is consumed. */
static void take_signal(struct tracer *tr, struct thread *t, const struct ev_signal *x)
{
    t->inject_sig = x->signo;
    t->inject_code = x->code;
    t->inject_sender = x->sender;
    t->inject_info = 1;
    consume(tr);
}

void resume_after(struct tracer *tr, struct thread *t)
{
    t->in_syscall = 0;
    int sig = head_signal_for(tr, t);
    if (sig)
        take_signal(tr, t, (const struct ev_signal *)head(tr)); /* delivered right after the call */
    release(tr, t, sig);
}

int is_spawn_call(uint32_t nr)
{
    return nr == SYS_clone || nr == SYS_clone3 || nr == SYS_fork || nr == SYS_vfork;
}

/*
 * Execute for real the call t stopped at (under SYSEMU it would be skipped):
 * rewind to its syscall instruction and let it run again under
 * PTRACE_SYSCALL; one entered under PTRACE_SYSCALL already runs when
 * resumed. `then` is the state once it runs.
 */
void reenter(struct tracer *tr, struct thread *t, int then)
{
    if (t->entered_traced) {
        /* entered under PTRACE_SYSCALL: it runs when resumed */
        t->entered_traced = 0;
        t->rstate = (uint8_t)then;
        if (!entering_real(tr, t))
            resume(t->tid, 0);
        return;
    }
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) == 0) {
        regs.rax = regs.orig_rax;
        regs.rip -= 2;
        ptrace(PTRACE_SETREGS, t->tid, 0, &regs);
    }
    t->in_syscall = 0;
    t->rstate = RS_REENTER;
    t->after_reenter = (uint8_t)then;
    resume(t->tid, 0);
}

/* Skip the call t is at and point t back at its syscall instruction, to
 * make call `nr` when it next runs (orig_rax -1: no restart processing). */
static void skip_and_rewind(struct thread *t, uint64_t nr)
{
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) == 0) {
        regs.rax = nr;
        regs.rip -= 2;
        regs.orig_rax = (uint64_t)-1;
        ptrace(PTRACE_SETREGS, t->tid, 0, &regs);
    }
}

/* t entered its call through a stop where it would run when resumed: skip
 * it, and let t enter it again under SYSEMU. 1 (always). */
static int enter_again_under_sysemu(struct tracer *tr, struct thread *t)
{
    t->entered_traced = 0;
    skip_and_rewind(t, t->nr);
    t->in_syscall = 0;
    t->rstate = RS_RUNNING;
    set_token_holder(tr, t); /* back to user space for one instruction */
    ptrace(PTRACE_SYSEMU, t->tid, 0, 0);
    return 1;
}

/*
 * t entered its call under PTRACE_SYSCALL, expected to run for real, but it
 * is to be emulated or skipped: cancel it and let it enter again under
 * SYSEMU. Returns 0 when t did not enter that way, and with the fast path,
 * where a call is skipped at its seccomp stop instead.
 */
int redo_under_sysemu(struct tracer *tr, struct thread *t)
{
    if (!t->entered_traced || tr->fast)
        return 0;
    return enter_again_under_sysemu(tr, t);
}

/*
 * The recorded call was interrupted by a signal before completing (its
 * result is one of the kernel's internal ERESTART* codes, which user space
 * never sees). If the recording delivered a signal next, let the kernel do
 * what it did then: restart the call or fail it with EINTR, as the handler's
 * SA_RESTART says. Otherwise the kernel restarted the call by itself.
 */
static void restart_interrupted(struct tracer *tr, struct thread *t, int64_t ret)
{
    if (head_signal_for(tr, t))
        poke_reg(t->tid, REG_OFFSET(rax), (uint64_t)ret); /* orig_rax still names the call */
    else
        skip_and_rewind(t, ret == -516 ? SYS_restart_syscall : t->nr);
    resume_after(tr, t);
}

/* Emulate: the call (skipped by SYSEMU) gets the recorded result and memory. */
void emulate(struct tracer *tr, struct thread *t, const struct ev_syscall *x)
{
    if (tr->fast && t->entered_traced)
        fp_skip_call(t->tid, x->ret); /* a seccomp stop: the call must not run */
    else
        poke_reg(t->tid, REG_OFFSET(rax), (uint64_t)x->ret);
    size_t off = sizeof *x;
    struct region r;
    while (next_region(x, x->h.size, &off, &r)) {
        if (r.m->dir != ST_DIR_OUT)
            continue;
        uint64_t addr = r.m->addr;
        /* Follow the pointer the program passed now, should it differ. */
        if (r.m->arg < 6 && addr == x->args[r.m->arg])
            addr = t->args[r.m->arg];
        if (write_tracee(t, addr, r.bytes, r.m->len) < 0)
            out_error(&tr->s->out, errno, "replay: cannot write the result of seq %llu",
                      (unsigned long long)x->seq);
    }
    if (x->h.flags & XF_ECHO)
        echo(tr, x);
    int64_t ret = x->ret;
    consume(tr);
    if (ret <= -512 && ret >= -516)
        restart_interrupted(tr, t, ret);
    else
        resume_after(tr, t);
}

/* t is at the entry of the call the head record describes. */
static void start_call(struct tracer *tr, struct thread *t, const struct ev_syscall *x)
{
    if (t->kg_deferred) {
        /* --keep-going: t wrote something else where x is recorded. If this
         * call is not x either, that write was x, changed: x is done. */
        int was_it = t->kg_deferred == x->seq + 1 && !call_matches(t, x);
        t->kg_deferred = 0;
        if (was_it) {
            consume(tr);
            return; /* advance() goes on with the next record */
        }
    }
    if (!call_matches(t, x)) {
        if ((tr->s->cfg.flags & CFG_KEEP_GOING) && (uint32_t)x->nr != t->nr && skippable_record(x)) {
            consume(tr); /* see skippable_record() */
            return;
        }
        mismatch(tr, DIV_SYSCALL, t, (uint32_t)x->nr == t->nr ? x : NULL);
        return;
    }
    uint16_t f = x->h.flags;
    if (!(f & XF_REAL) && redo_under_sysemu(tr, t))
        return;
    if (!(f & XF_REAL) && tr->fast && t->entered_traced && x->ret <= -512 && x->ret >= -516) {
        /* interrupted when recorded: its restart needs the call's number
         * kept, which skipping it at a seccomp stop would lose */
        enter_again_under_sysemu(tr, t);
        return;
    }
    if (f & XF_REAL) {
        if (t->nr == SYS_rt_sigsuspend) {
            /* Real, so the signal it waits for is unblocked as recorded;
             * advance() sends that signal when its record comes up. */
            consume(tr);
            reenter(tr, t, RS_SUSPENDED);
            return;
        }
        if (f & XF_NO_RETURN) {
            consume(tr); /* exit, exit_group: nothing comes back */
            /* as when recording, it keeps the token until its death */
            if (t->nr == SYS_exit_group || (t->nr == SYS_exit && t->tid != t->pid))
                set_token_holder(tr, t);
        }
        reenter(tr, t, RS_REAL);
        return;
    }
    if (f & XF_NO_RETURN) {
        /* The recorded call never returned (the thread was killed inside
         * it): keep the thread stopped here until the same happens. */
        consume(tr);
        t->rstate = RS_BLOCKED;
        return;
    }
    emulate(tr, t, x);
}

/* A real call returned `ret` and its record x is at the head. */
static void finish_real(struct tracer *tr, struct thread *t, const struct ev_syscall *x, int64_t ret)
{
    uint16_t f = x->h.flags;
    if (t->map_direct) {
        t->map_direct = 0;
        f &= (uint16_t)~XF_MMAP_FILE; /* it maps the file itself: nothing to fill */
    }
    if ((f & XF_CHECK_RET) && ret != x->ret) {
        if (!(tr->s->cfg.flags & CFG_KEEP_GOING)) {
            diverge(tr, DIV_RESULT, t);
            return;
        }
        /* --keep-going: the program lives with the kernel's answer */
        report(tr, DIV_RESULT, t, 0);
        if ((f & XF_MMAP_FILE) && (uint64_t)ret < (uint64_t)-4096)
            fill_mapping(tr, t, x, (uint64_t)ret);
    } else {
        if ((f & XF_MMAP_FILE) && ret == x->ret)
            fill_mapping(tr, t, x, (uint64_t)ret);
        if (!(f & XF_KEEP_RET) && ret != x->ret)
            poke_reg(t->tid, REG_OFFSET(rax), (uint64_t)x->ret);
    }
    consume(tr);
    resume_after(tr, t);
}

/* Skip the call t entered, so a signal recorded before it is delivered
 * first; the call runs again when the handler returns. */
static void restart_for_signal(struct tracer *tr, struct thread *t, int sig)
{
    if (redo_under_sysemu(tr, t))
        return; /* the signal goes in at its SYSEMU entry */
    take_signal(tr, t, (const struct ev_signal *)head(tr));
    skip_and_rewind(t, t->nr);
    t->in_syscall = 0;
    release(tr, t, sig);
}

/* ---- the scheduler: let whichever thread the head record names go ---- */

static struct thread *thread_in_state(struct tracer *tr, int state)
{
    for (struct thread *t = tr->all; t; t = t->all_next)
        if (t->rstate == state)
            return t;
    return NULL;
}

static void advance(struct tracer *tr)
{
    while (!tr->diverged && !tr->running) {
        /* A new thread starts when its start record comes up; traces
         * older than those records do not say, so it starts as soon as the
         * token is free. */
        struct thread *fresh = thread_in_state(tr, RS_START);
        if (fresh && !(tr->s->cfg.flags & CFG_START_RECORDS)) {
            release(tr, fresh, 0);
            return;
        }
        struct thread *live = thread_in_state(tr, RS_READY);
        if (live) {
            resume_after(tr, live);
            return;
        }
        const struct ev_hdr *h = head(tr);
        if (!h) {
            /* The recording has ended: any further call is a divergence. */
            struct thread *t = thread_in_state(tr, RS_AT_ENTRY);
            if (!t)
                return;
            mismatch(tr, DIV_EXTRA, t, NULL);
            continue;
        }
        switch (h->type) {
        case EV_SYSCALL: {
            const struct ev_syscall *x = (const void *)h;
            struct thread *t = by_rec_tid(tr, x->tid);
            if (!t)
                return;
            if (t->rstate == RS_AT_ENTRY) {
                start_call(tr, t, x);
                continue;
            }
            if (t->rstate == RS_AT_REAL_EXIT) {
                finish_real(tr, t, x, t->real_ret);
                continue;
            }
            if (t->rstate == RS_EXEC_WAIT) {
                if (!call_matches(t, x)) {
                    diverge(tr, DIV_SYSCALL, t);
                    return;
                }
                t->rstate = RS_RUNNING;
                if (exec_records(tr, t, t->tid))
                    resume(t->tid, 0);
                continue;
            }
            return;
        }
        case EV_SPAWN: {
            const struct ev_spawn *x = (const void *)h;
            struct thread *t = by_rec_tid(tr, x->tid);
            if (!t || t->rstate != RS_AT_ENTRY)
                return;
            if (!is_spawn_call(t->nr)) {
                mismatch(tr, DIV_SYSCALL, t, NULL);
                continue;
            }
            reenter(tr, t, RS_REAL); /* the record is consumed at the clone event */
            return;
        }
        case EV_SIGNAL: {
            const struct ev_signal *x = (const void *)h;
            struct thread *t = by_rec_tid(tr, x->tid);
            if (t && t->rstate == RS_SUSPENDED) {
                int signo = x->signo;
                take_signal(tr, t, x);
                syscall(SYS_tgkill, t->pid, t->tid, signo);
                continue;
            }
            if (!t || t->rstate != RS_AT_ENTRY)
                return;
            restart_for_signal(tr, t, x->signo);
            continue;
        }
        case EV_START: {
            const struct ev_start *x = (const void *)h;
            struct thread *t = by_rec_tid(tr, x->tid);
            if (!t || t->rstate != RS_START)
                return; /* not here yet: its parent's clone comes first */
            consume(tr);
            release(tr, t, 0);
            return;
        }
        case EV_EXIT:
            /* Deaths release no one into user space, and their order
             * among threads killed together is the kernel's: the thread
             * exits when it does in replay. */
            consume(tr);
            continue;
        case EV_EXEC:
            return; /* consumed at the exec event */
        default:
            consume(tr); /* END */
            continue;
        }
    }
}

/*
 * A vfork parent returns when its child execs, and the recording can have the
 * parent's return and next calls before the child's execve record, which is
 * written when the exec completes. When the head waits on a parent blocked in
 * vfork, let its child's exec run now; its records are checked and consumed
 * when they come up (RS_EXEC_WAIT).
 */
static void exec_vfork_child(struct tracer *tr)
{
    const struct ev_hdr *h = head(tr);
    if (tr->diverged || !h || h->type != EV_SYSCALL)
        return;
    struct thread *parent = by_rec_tid(tr, ((const struct ev_syscall *)h)->tid);
    if (!parent || parent->rstate != RS_REAL)
        return;
    for (struct thread *t = tr->all; t; t = t->all_next)
        if (t->vfork_parent == parent->tid && t->rstate == RS_AT_ENTRY &&
            (t->nr == SYS_execve || t->nr == SYS_execveat)) {
            reenter(tr, t, RS_EXEC_EARLY);
            return;
        }
}

/*
 * Nobody holds the token and the head cannot happen yet: a thread preempted
 * for spinning (it may be waiting for the one the head names, or be that one)
 * goes on. As when recording, where exactly a spinning thread was preempted
 * is not in the trace; the recorded order of system calls still is.
 */
static void resume_preempted(struct tracer *tr)
{
    if (tr->running || tr->diverged)
        return;
    /* the one stopped longest ago: spinners take turns */
    struct thread *t = NULL;
    for (struct thread *u = tr->all; u; u = u->all_next)
        if (u->rstate == RS_PREEMPTED && (!t || u->preempted_at < t->preempted_at))
            t = u;
    if (t)
        release(tr, t, 0);
}

/* Nothing runs and the head cannot happen: report instead of hanging. */
static void check_stuck(struct tracer *tr)
{
    if (tr->diverged || tr->running || !head(tr))
        return;
    struct thread *waiting = NULL;
    for (struct thread *t = tr->all; t; t = t->all_next) {
            if (t->held || t->rstate == RS_BLOCKED)
                continue;
            if (t->rstate == RS_AT_ENTRY || t->rstate == RS_AT_REAL_EXIT) {
                waiting = waiting ? waiting : t;
                continue;
            }
            return; /* someone is running */
        }
    if (waiting && waiting->rstate == RS_AT_ENTRY)
        mismatch(tr, DIV_STUCK, waiting, NULL);
    else if (waiting)
        diverge(tr, DIV_STUCK, waiting);
}

/* ---- stops ---- */

static void on_syscall_stop(struct tracer *tr, struct thread *t)
{
    struct __ptrace_syscall_info info;
    if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof info, &info) < 0) {
        resume(t->tid, 0);
        return;
    }
    if (t->rstate == RS_REENTER) {
        if (info.op != PTRACE_SYSCALL_INFO_ENTRY) {
            resume(t->tid, 0); /* the exit of the skipped first attempt */
            return;
        }
        t->in_syscall = 1;
        t->rstate = t->after_reenter;
        if (!entering_real(tr, t))
            resume(t->tid, 0);
        return;
    }
    int seccomp = info.op == PTRACE_SYSCALL_INFO_SECCOMP;
    if (seccomp && (t->pre_exec || t->rstate != RS_RUNNING)) {
        resume(t->tid, 0); /* a call we put in its place, or re-entered, runs */
        return;
    }
    if (info.op == PTRACE_SYSCALL_INFO_ENTRY || seccomp) {
        t->nr = (uint32_t)(seccomp ? info.seccomp.nr : info.entry.nr);
        memcpy(t->args, seccomp ? info.seccomp.args : info.entry.args, sizeof t->args);
        t->entry_ip = info.instruction_pointer;
        t->in_syscall = 1;
        /* at a seccomp stop the call runs when resumed, as under PTRACE_SYSCALL */
        t->entered_traced = seccomp || t->traced_next;
        t->traced_next = 0;
        if (t->pre_exec) {
            resume(t->tid, 0);
            return;
        }
        if (rp_try_patch(tr, t, info.instruction_pointer))
            return; /* it makes the call again, through the hook */
        rp_drop(tr, t);
        left_user_space(tr, t);
        t->nmem = 0;
        t->rec_flags = 0;
        t->rec.len = 0;
        struct ev_syscall *e = buf_append(&t->rec, NULL, sizeof *e);
        if (e)
            memset(e, 0, sizeof *e);
        capture_entry(t);
        t->rstate = RS_AT_ENTRY;
        return; /* advance() decides when it goes */
    }
    if (info.op != PTRACE_SYSCALL_INFO_EXIT) {
        resume(t->tid, 0);
        return;
    }
    if (t->fp_inject)
        rp_inject(tr, t); /* the exit stop of an execve: a new program */
    switch (t->rstate) {
    case RS_REAL:
        t->real_ret = info.exit.rval;
        t->rstate = RS_AT_REAL_EXIT;
        return;
    case RS_LIVE:
        t->rstate = RS_READY; /* it goes on when it has the token */
        return;
    case RS_MAP_OPEN:
        map_opened(tr, t, info.exit.rval);
        return;
    case RS_MAP_MAP:
        map_mapped(t, info.exit.rval);
        return;
    case RS_MAP_CLOSE:
        map_closed(t);
        return;
    case RS_SUSPENDED:
        /* interrupted by the signal we sent; its delivery stop comes next */
        t->in_syscall = 0;
        release(tr, t, 0);
        return;
    default:
        /* an exit we did not arrange, such as execve's after its exec event */
        t->in_syscall = 0;
        release(tr, t, 0);
        return;
    }
}

static struct thread *on_exec_event(struct tracer *tr, struct thread *t)
{
    unsigned long former = 0;
    ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &former);
    pid_t caller = (pid_t)former;
    if (caller != t->tid) {
        struct thread *c = thread_find(tr, caller);
        if (c) {
            left_user_space(tr, t);
            thread_free(tr, t);
            thread_rekey(tr, c, c->pid);
            t = c;
        }
    }
    if (t->mem_fd > 0) {
        close(t->mem_fd); /* a new address space */
        t->mem_fd = 0;
    }
    t->vfork_parent = 0;
    if (t->rstate == RS_EXEC_EARLY) {
        /* exec'd ahead of its records: wait here until they come up */
        t->rstate = RS_EXEC_WAIT;
        return t;
    }
    exec_records(tr, t, caller);
    return t;
}

/* The exec of thread t (by thread `caller`) happened: consume its execve and
 * exec records, and prepare the new program as recorded. 0: it diverged. */
static int exec_records(struct tracer *tr, struct thread *t, pid_t caller)
{
    const struct ev_hdr *h = head(tr);
    if (h && h->type == EV_SYSCALL && ((const struct ev_syscall *)h)->nr == SYS_execve) {
        const struct ev_syscall *x = (const void *)h;
        if (t->pre_exec) {
            t->rec_tid = x->tid;
            t->rec_pid = x->pid;
        }
        consume(tr);
        h = head(tr);
    }
    if (!h || h->type != EV_EXEC) {
        diverge(tr, DIV_EXEC, t);
        return 0;
    }
    const struct ev_exec *x = (const void *)h;
    uint8_t random[16];
    memcpy(random, x->random, sizeof random);
    t->rec_pid = x->pid;
    t->rec_tid = x->pid; /* the caller now runs as the leader */
    consume(tr);
    t->pre_exec = 0;
    t->in_syscall = 0;
    t->rstate = RS_RUNNING;
    struct exec_info info;
    exec_stop(&tr->s->out, 0, t->pid, caller, !!(tr->s->cfg.flags & CFG_NO_VDSO), random, &info);
    if (tr->fast)
        fp_new_program(tr, t, &info);
    return 1;
}

#define CLONE_PARENT_SETTID_FLAG 0x00100000ULL
#define CLONE_CHILD_SETTID_FLAG 0x01000000ULL

/*
 * The kernel stores the new thread's real tid where clone's PARENT_SETTID and
 * CHILD_SETTID point (glibc keeps it in its thread descriptor, and passes it
 * to futex calls, e.g. in pthread_join). Replay hands out recorded tids, so
 * those stores must hold the recorded tid too.
 */
static void clone_tid_pointers(struct thread *parent, uint64_t *flags, uint64_t *parent_tid,
                               uint64_t *child_tid)
{
    *flags = *parent_tid = *child_tid = 0;
    if (parent->nr == SYS_clone) {
        *flags = parent->args[0];
        *parent_tid = parent->args[2];
        *child_tid = parent->args[3];
    } else if (parent->nr == SYS_clone3) {
        uint64_t ca[4];
        if (mem_read(parent->tid, parent->args[0], ca, sizeof ca) == 0) {
            *flags = ca[0];
            *child_tid = ca[2];
            *parent_tid = ca[3];
        }
    }
}

static void on_clone_event(struct tracer *tr, struct thread *t, int event)
{
    unsigned long msg = 0;
    ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg);
    pid_t child = (pid_t)msg;
    const struct ev_hdr *h = head(tr);
    if (!h || h->type != EV_SPAWN || ((const struct ev_spawn *)h)->tid != t->rec_tid) {
        diverge(tr, DIV_SPAWN, t);
        return;
    }
    const struct ev_spawn *x = (const void *)h;
    int thread = x->kind == 1;
    struct thread *c = thread_find(tr, child);
    if (!c) {
        c = thread_new(tr, child, thread ? t->pid : child);
        if (!c)
            return;
        c->fresh = 1;
    }
    c->pid = thread ? t->pid : child;
    c->vfork_parent = event == PTRACE_EVENT_VFORK ? t->tid : 0;
    c->rec_tid = x->child_tid;
    c->rec_pid = x->child_pid;
    c->announced = 1;
    fp_new_task(c, t, event == PTRACE_EVENT_VFORK);
    uint64_t flags, parent_tid, child_tid;
    clone_tid_pointers(t, &flags, &parent_tid, &child_tid);
    uint32_t rec_tid = (uint32_t)x->child_tid;
    if ((flags & CLONE_PARENT_SETTID_FLAG) && parent_tid)
        write_tracee(t, parent_tid, &rec_tid, sizeof rec_tid);
    /* the child stores its own tid on its way to user space: patch it then */
    c->settid_addr = (flags & CLONE_CHILD_SETTID_FLAG) ? child_tid : 0;
    consume(tr);
    if (c->held) {
        c->held = 0;
        c->rstate = RS_START;
    }
}

static int is_synchronous(int sig, const siginfo_t *si)
{
    return si->si_code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
                               sig == SIGILL || sig == SIGTRAP || sig == SIGSYS);
}

static void on_signal_stop(struct tracer *tr, struct thread *t, int sig)
{
    siginfo_t si;
    if (t->pre_exec) {
        resume(t->tid, 0);
        return;
    }
    if (sig == SIGSTOP && t->tid == tr->s->preempt_tid) {
        /* the flusher preempted it for spinning with the token; not in
         * the middle of a call its hook answers (the hook never spins: a
         * later tick finds it out), where another thread let go meanwhile
         * would find the calls the hook holds for this one */
        tr->s->preempt_tid = 0;
        if (t->rstate == RS_RUNNING && !(tr->rp_owner == t && tr->rp_in_hook)) {
            left_user_space(tr, t);
            t->rstate = RS_PREEMPTED; /* stays stopped; resume_preempted() */
            t->preempted_at = ++tr->preemptions;
            return;
        }
        resume_from_signal(tr, t, 0);
        return;
    }
    if (sig == t->inject_sig) {
        t->inject_sig = 0;
        if (t->inject_info && (t->inject_code == SI_USER || t->inject_code == SI_TKILL)) {
            /* sent by a process when recorded: the handler sees who sent it
             * as then, not whatever delivers it now (us, or a tgkill) */
            siginfo_t info = {.si_signo = sig, .si_code = t->inject_code};
            info.si_pid = t->inject_sender;
            info.si_uid = getuid();
            ptrace(PTRACE_SETSIGINFO, t->tid, 0, &info);
        }
        t->inject_info = 0;
        resume_from_signal(tr, t, sig);
        return;
    }
    if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) == 0 && is_synchronous(sig, &si)) {
        /* a fault: it happens in replay as it did when recorded */
        if (head_signal_for(tr, t) == sig)
            consume(tr);
        resume_from_signal(tr, t, sig);
        return;
    }
    /* Asynchronous signals come from the recording, at the recorded point;
     * those the replay itself causes (SIGCHLD of a real exit...) are dropped. */
    resume_from_signal(tr, t, 0);
}

static void on_stop(struct tracer *tr, struct thread *t, int status)
{
    int sig = WSTOPSIG(status);
    int event = (unsigned)status >> 16;
    /* the calls its hook answered come before whatever this stop brings */
    rp_sync(tr, t);
    if (sig == (SIGTRAP | 0x80) || event == PTRACE_EVENT_SECCOMP) {
        on_syscall_stop(tr, t);
        return;
    }
    rp_drop(tr, t);
    switch (event) {
    case 0:
        on_signal_stop(tr, t, sig);
        return;
    case PTRACE_EVENT_EXEC:
        t = on_exec_event(tr, t);
        if (t->rstate == RS_EXEC_WAIT)
            return; /* stays stopped until its records come up */
        break;
    case PTRACE_EVENT_CLONE:
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK:
        on_clone_event(tr, t, event);
        break;
    case PTRACE_EVENT_STOP:
        if (t->fresh) {
            t->fresh = 0;
            if (!t->announced)
                t->held = 1;
            else
                t->rstate = RS_START;
            return;
        }
        break;
    default:
        break;
    }
    resume(t->tid, 0);
}

static void on_task_exit(struct tracer *tr, struct thread *t, int status)
{
    left_user_space(tr, t);
    if (t->tid == tr->root)
        tr->root_status = status;
    if (t->mem_fd > 0)
        close(t->mem_fd);
    thread_free(tr, t);
}

void *replay_main(void *arg)
{
    struct session *s = arg;
    struct tracer *tr = calloc(1, sizeof *tr);
    if (!tr) {
        close(s->out.fd);
        session_free(s);
        return NULL;
    }
    tr->s = s;
    tr->in_fd = s->in_fd;
    /* the hook answers calls in-process (TypeScript does not ask for it
     * with --keep-going, which goes on past divergences call by call) */
    tr->fast = !!(s->cfg.flags & CFG_FASTPATH);
    tr->replaying = 1;
    memcpy(tr->rp_patchable, s->cfg.emulated, sizeof tr->rp_patchable);
    tr->rp_live_echo = !!(s->cfg.flags & CFG_LIVE_ECHO);
    if (tr->fast)
        fp_load_known(tr, &s->cfg.known, s->cfg.n_known);
    start_flusher(s);
    int err = spawn_root(tr);
    if (err < 0) {
        out_error(&s->out, -err, "cannot start the program: %s", strerror(-err));
    } else {
        struct ev_started st = {.h = {sizeof st, EV_STARTED, 0}, .root_pid = tr->root};
        out_event(&s->out, &st, sizeof st);
        for (;;) {
            int status;
            pid_t tid = waitpid(-1, &status, __WALL | __WNOTHREAD);
            if (tid < 0) {
                if (errno == EINTR)
                    continue;
                break;
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
            /* Until the program's first exec its copy of the expectation
             * pipe (close-on-exec) keeps the pipe open: reading the head
             * before then could wait forever for an end-of-file. */
            struct thread *root = thread_find(tr, tr->root);
            if (root && root->pre_exec)
                continue;
            advance(tr);
            exec_vfork_child(tr);
            resume_preempted(tr);
            check_stuck(tr);
        }
        struct ev_end end = {.h = {sizeof end, EV_END, 0},
                             .seq = tr->seq,
                             .root_status = tr->root_status,
                             .divergences = tr->divergences,
                             .syscalls = tr->syscalls,
                             .fast_calls = tr->fast_calls};
        fp_emit_known(tr, &s->out);
        out_event(&s->out, &end, sizeof end);
    }
    while (tr->all)
        thread_free(tr, tr->all);
    mem_forget(0);
    buf_free(&tr->q);
    replay_input_free(tr->rin);
    buf_free(&tr->in);
    fp_free(tr);
    free(tr);
    stop_flusher(s);
    out_flush(&s->out);
    close(s->out.fd);
    close(s->in_fd);
    session_free(s);
    return NULL;
}
