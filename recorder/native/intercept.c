/*
 * Interception: the program runs at full speed under a seccomp filter that
 * stops only the calls TypeScript asked for. At each such stop the tracer
 * reports the call (EV_ICALL) and waits for TypeScript's decision (struct
 * ic_decision on its input pipe): go on, with other arguments or not; skip
 * the call and return a value; report its exit too, where the result can be
 * changed; or stop reporting this process. Memory is read and written by
 * TypeScript itself, through /proc/PID/mem, while the thread waits here.
 *
 * Every thread and child process is followed (the filter is inherited). A
 * process "detached" keeps the filter, since a filtered call with no tracer
 * would fail with ENOSYS: its calls go on without being reported.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "systape.h"

/* ---- the filter ---- */

int ic_install_filter(const uint8_t *set)
{
    /* arch check, then per call [JEQ nr][RET TRACE], then RET ALLOW */
    struct sock_filter code[4 + 2 * 512 + 1];
    unsigned n = 0;
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                             offsetof(struct seccomp_data, arch));
    code[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    code[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                             offsetof(struct seccomp_data, nr));
    for (unsigned nr = 0; nr < 512; nr++) {
        if (!(set[nr >> 3] & (1u << (nr & 7))))
            continue;
        code[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1);
        code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
    }
    code[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog prog = {.len = (unsigned short)n, .filter = code};
    return install_filter(&prog);
}

/* ---- threads ---- */

#define IC_SLOTS 4096

struct ic_task {
    pid_t tid;   /* 0: free slot */
    pid_t pid;
    int at_exit; /* resumed with PTRACE_SYSCALL: its next syscall stop is the exit */
    int32_t nr;
    uint64_t args[6];
    uint64_t sp;
};

struct ic_state {
    struct session *s;
    struct ic_task tasks[IC_SLOTS];
    pid_t detached[256]; /* processes no longer reported */
    unsigned ndetached;
    pid_t root;
    int root_status;
    uint64_t seq, calls;
    int killing; /* a callback failed: every process is being killed */
    int deaf;    /* TypeScript closed its pipe: report nothing more */
};

static struct ic_task *task_of(struct ic_state *st, pid_t tid, int add)
{
    unsigned h = (unsigned)tid % IC_SLOTS;
    for (unsigned i = 0; i < IC_SLOTS; i++, h = (h + 1) % IC_SLOTS) {
        if (st->tasks[h].tid == tid)
            return &st->tasks[h];
        if (st->tasks[h].tid == 0) {
            if (!add)
                return NULL;
            st->tasks[h] = (struct ic_task){.tid = tid, .pid = read_tgid(tid)};
            return &st->tasks[h];
        }
    }
    return NULL;
}

static void task_gone(struct ic_state *st, pid_t tid)
{
    struct ic_task *t = task_of(st, tid, 0);
    if (!t)
        return;
    /* open addressing: put back the entries that follow */
    unsigned h = (unsigned)(t - st->tasks);
    t->tid = 0;
    for (unsigned i = (h + 1) % IC_SLOTS; st->tasks[i].tid; i = (i + 1) % IC_SLOTS) {
        struct ic_task moved = st->tasks[i];
        st->tasks[i].tid = 0;
        *task_of(st, moved.tid, 1) = moved;
    }
}

static int is_detached(const struct ic_state *st, pid_t pid)
{
    for (unsigned i = 0; i < st->ndetached; i++)
        if (st->detached[i] == pid)
            return 1;
    return 0;
}

/* ---- stops ---- */

int ic_ask(struct session *s, const struct ev_icall *call, struct ic_decision *d)
{
    *d = (struct ic_decision){.action = IC_CONTINUE};
    out_event(&s->out, call, sizeof *call);
    out_flush(&s->out); /* TypeScript answers only what it has seen */
    size_t got = 0;
    while (got < sizeof *d) {
        ssize_t n = read(s->in_fd, (uint8_t *)d + got, sizeof *d - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *d = (struct ic_decision){.action = IC_CONTINUE};
            return -1;
        }
        got += (size_t)n;
    }
    return 0;
}

/* Report the call and wait for the decision (CONTINUE when nobody listens). */
static struct ic_decision ask(struct ic_state *st, struct ic_task *t, uint32_t phase, int64_t ret)
{
    struct ic_decision d = {.action = IC_CONTINUE};
    if (st->deaf || st->killing || is_detached(st, t->pid))
        return d;
    struct ev_icall e = {.h = {sizeof e, EV_ICALL, 0},
                         .seq = st->seq++,
                         .pid = t->pid,
                         .tid = t->tid,
                         .nr = t->nr,
                         .phase = phase,
                         .ret = ret,
                         .sp = t->sp};
    memcpy(e.args, t->args, sizeof e.args);
    if (ic_ask(st->s, &e, &d) < 0)
        st->deaf = 1;
    return d;
}

static void kill_all(struct ic_state *st)
{
    st->killing = 1;
    for (unsigned i = 0; i < IC_SLOTS; i++)
        if (st->tasks[i].tid)
            kill(st->tasks[i].pid, SIGKILL);
}

static void on_seccomp(struct ic_state *st, pid_t tid)
{
    struct ic_task *t = task_of(st, tid, 1);
    struct __ptrace_syscall_info info;
    if (!t || ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) <= 0 ||
        info.op != PTRACE_SYSCALL_INFO_SECCOMP) {
        ptrace(PTRACE_CONT, tid, 0, 0);
        return;
    }
    t->nr = (int32_t)info.seccomp.nr;
    t->sp = info.stack_pointer;
    memcpy(t->args, info.seccomp.args, sizeof t->args);
    st->calls++;
    struct ic_decision d = ask(st, t, 0, 0);
    if (d.action == IC_KILL) {
        kill_all(st);
        return;
    }
    if (d.action == IC_DETACH && st->ndetached < sizeof st->detached / sizeof st->detached[0])
        st->detached[st->ndetached++] = t->pid;
    if (d.action == IC_SKIP || (d.flags & IC_ARGS)) {
        struct user_regs_struct regs;
        if (ptrace(PTRACE_GETREGS, tid, 0, &regs) == 0) {
            if (d.flags & IC_ARGS) {
                regs.rdi = d.args[0];
                regs.rsi = d.args[1];
                regs.rdx = d.args[2];
                regs.r10 = d.args[3];
                regs.r8 = d.args[4];
                regs.r9 = d.args[5];
                memcpy(t->args, d.args, sizeof t->args);
            }
            if (d.action == IC_SKIP) {
                regs.orig_rax = (uint64_t)-1; /* no call: rax is its result */
                regs.rax = (uint64_t)d.value;
            }
            ptrace(PTRACE_SETREGS, tid, 0, &regs);
        }
    }
    t->at_exit = d.action == IC_CONTINUE && (d.flags & IC_WANT_EXIT);
    ptrace(t->at_exit ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, 0);
}

static void on_syscall_exit(struct ic_state *st, pid_t tid)
{
    struct ic_task *t = task_of(st, tid, 0);
    struct __ptrace_syscall_info info;
    if (!t || !t->at_exit || ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) <= 0 ||
        info.op != PTRACE_SYSCALL_INFO_EXIT) {
        ptrace(PTRACE_CONT, tid, 0, 0);
        return;
    }
    t->at_exit = 0;
    struct ic_decision d = ask(st, t, 1, info.exit.rval);
    if (d.action == IC_KILL) {
        kill_all(st);
        return;
    }
    if (d.action == IC_DETACH && st->ndetached < sizeof st->detached / sizeof st->detached[0])
        st->detached[st->ndetached++] = t->pid;
    if (d.flags & IC_RESULT) {
        struct user_regs_struct regs;
        if (ptrace(PTRACE_GETREGS, tid, 0, &regs) == 0) {
            regs.rax = (uint64_t)d.value;
            ptrace(PTRACE_SETREGS, tid, 0, &regs);
        }
    }
    ptrace(PTRACE_CONT, tid, 0, 0);
}

static int is_stop_signal(int sig)
{
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void on_stop(struct ic_state *st, pid_t tid, int status)
{
    int sig = WSTOPSIG(status), event = (unsigned)status >> 16;
    if (event == PTRACE_EVENT_SECCOMP) {
        on_seccomp(st, tid);
    } else if (sig == (SIGTRAP | 0x80)) {
        on_syscall_exit(st, tid);
    } else if (event == PTRACE_EVENT_STOP) {
        /* a new task's first stop, or a group stop: wait as the group does */
        task_of(st, tid, 1);
        if (is_stop_signal(sig))
            ptrace(PTRACE_LISTEN, tid, 0, 0);
        else
            ptrace(PTRACE_CONT, tid, 0, 0);
    } else if (event) {
        /* fork, clone, exec...: the new tasks report themselves */
        ptrace(PTRACE_CONT, tid, 0, 0);
    } else {
        ptrace(PTRACE_CONT, tid, 0, (void *)(uintptr_t)sig); /* a signal: deliver it */
    }
}

void *intercept_main(void *arg)
{
    struct session *s = arg;
    struct ic_state *st = calloc(1, sizeof *st);
    if (!st) {
        out_error(&s->out, ENOMEM, "cannot start intercepting");
        out_flush(&s->out);
        close(s->out.fd);
        close(s->in_fd);
        session_free(s);
        return NULL;
    }
    st->s = s;
    const long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
                      PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL |
                      PTRACE_O_TRACESECCOMP;
    pid_t root = spawn_traced(&s->cfg, opts);
    if (root < 0) {
        out_error(&s->out, -root, "cannot start the program: %s", strerror(-root));
    } else {
        st->root = root;
        set_root_pid(s, root);
        task_of(st, root, 1);
        struct ev_started started = {.h = {sizeof started, EV_STARTED, 0}, .root_pid = root};
        out_event(&s->out, &started, sizeof started);
        for (;;) {
            int status;
            pid_t tid = waitpid(-1, &status, __WALL | __WNOTHREAD);
            if (tid < 0) {
                if (errno == EINTR)
                    continue;
                break; /* ECHILD: all gone */
            }
            if (WIFEXITED(status) || WIFSIGNALED(status)) {
                if (tid == root)
                    st->root_status = status;
                task_gone(st, tid);
            } else if (WIFSTOPPED(status)) {
                on_stop(st, tid, status);
            }
        }
        struct ev_end end = {.h = {sizeof end, EV_END, 0},
                             .seq = st->seq,
                             .root_status = st->root_status,
                             .syscalls = st->calls};
        out_event(&s->out, &end, sizeof end);
    }
    free(st);
    out_flush(&s->out);
    close(s->out.fd);
    close(s->in_fd);
    session_free(s);
    return NULL;
}
