/*
 * What recording and replay share: the table of traced threads, starting the
 * program under ptrace, and the flusher that keeps the event pipe moving.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "systape.h"

/* ---- thread table ---- */

struct thread *thread_find(struct tracer *tr, pid_t tid)
{
    for (struct thread *t = tr->table[tid % HASH_SIZE]; t; t = t->next)
        if (t->tid == tid)
            return t;
    return NULL;
}

struct thread *thread_new(struct tracer *tr, pid_t tid, pid_t pid)
{
    struct thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->tid = tid;
    t->pid = pid;
    t->next = tr->table[tid % HASH_SIZE];
    tr->table[tid % HASH_SIZE] = t;
    t->all_next = tr->all;
    if (tr->all)
        tr->all->all_prev = t;
    tr->all = t;
    return t;
}

static void thread_unlink(struct tracer *tr, struct thread *t)
{
    struct thread **pp = &tr->table[t->tid % HASH_SIZE];
    while (*pp && *pp != t)
        pp = &(*pp)->next;
    if (*pp)
        *pp = t->next;
}

void thread_free(struct tracer *tr, struct thread *t)
{
    thread_unlink(tr, t);
    mem_forget(t->tid);
    if (t->all_prev)
        t->all_prev->all_next = t->all_next;
    else
        tr->all = t->all_next;
    if (t->all_next)
        t->all_next->all_prev = t->all_prev;
    if (tr->rp_owner == t)
        tr->rp_owner = NULL;
    if (tr->rp_run_tid == t->tid)
        tr->rp_run_tid = 0;
    buf_free(&t->rec);
    free(t->fp_siginfo);
    free(t);
}

void thread_rekey(struct tracer *tr, struct thread *t, pid_t tid)
{
    thread_unlink(tr, t);
    t->tid = tid;
    t->next = tr->table[tid % HASH_SIZE];
    tr->table[tid % HASH_SIZE] = t;
}

/* Thread group of a task we have not been told about yet. */
pid_t read_tgid(pid_t tid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", tid);
    FILE *f = fopen(path, "re");
    if (!f)
        return tid;
    pid_t tgid = tid;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Tgid: %d", &tgid) == 1)
            break;
    fclose(f);
    return tgid;
}

void resume(pid_t tid, int sig)
{
    ptrace(PTRACE_SYSCALL, tid, 0, (void *)(uintptr_t)sig);
}

/* ---- spawn ---- */

int install_filter(const void *prog)
{
    long r = raw_syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)prog, 0, 0);
    /* without CAP_SYS_ADMIN a filter needs no_new_privs (ptrace already keeps
     * set-user-ID programs from gaining privileges) */
    if (r == -EACCES && (r = raw_syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) == 0)
        r = raw_syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)prog, 0, 0);
    return (int)r;
}

static void child_fail(const char *msg, size_t len)
{
    raw_syscall(SYS_write, 2, (long)msg, (long)len, 0, 0);
    raw_syscall(SYS_exit_group, 126, 0, 0, 0, 0);
}

/* The program's process, from its clone to its execve: in its parent's memory
 * (but for the file view's), so raw syscalls only (no errno, no locks). */
static void child_exec(const struct session_config *cfg)
{
    const uint64_t none = 0;
    raw_syscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)&none, 0, sizeof none, 0);
    const struct {
        void *handler;
        unsigned long flags;
        void *restorer;
        uint64_t mask;
    } dfl = {SIG_DFL, 0, NULL, 0};
    for (int sig = 1; sig < 65; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            raw_syscall(SYS_rt_sigaction, sig, (long)&dfl, 0, sizeof dfl.mask, 0);
    for (int fd = 0; fd < 3; fd++) {
        if (cfg->stdio[fd] >= 0) {
            if (raw_syscall(SYS_dup2, cfg->stdio[fd], fd, 0, 0, 0) < 0)
                raw_syscall(SYS_exit_group, 126, 0, 0, 0, 0);
        } else {
            /* Node opens its own stdio close-on-exec; the program needs them. */
            raw_syscall(SYS_fcntl, fd, F_SETFD, 0, 0, 0);
        }
    }
    if (cfg->cwd && raw_syscall(SYS_chdir, (long)cfg->cwd, 0, 0, 0, 0) < 0)
        raw_syscall(SYS_exit_group, 126, 0, 0, 0, 0);
    if (cfg->flags & CFG_NO_ASLR)
        raw_syscall(SYS_personality, ADDR_NO_RANDOMIZE, 0, 0, 0, 0);
    if (cfg->flags & CFG_FILE_VIEW)
        file_view_enter(cfg); /* (forked: libc is safe there) */
    /* wait for the tracer to attach */
    raw_syscall(SYS_kill, raw_syscall(SYS_getpid, 0, 0, 0, 0, 0), SIGSTOP, 0, 0, 0);
    if ((cfg->flags & CFG_FASTPATH) && fp_install_filter() < 0) {
        static const char msg[] =
            "systape: cannot install the seccomp filter of the fast path; record with --no-fastpath\n";
        child_fail(msg, sizeof msg - 1);
    }
    if ((cfg->flags & CFG_INTERCEPT) && ic_install_filter(cfg->intercept) < 0) {
        static const char msg[] = "systape: cannot install the seccomp filter of the interception\n";
        child_fail(msg, sizeof msg - 1);
    }
    long r = raw_syscall(SYS_execve, (long)cfg->path, (long)cfg->argv, (long)cfg->envp, 0, 0);
    raw_syscall(SYS_exit_group, r == -ENOENT ? 127 : 126, 0, 0, 0, 0);
}

static int child_main(void *cfg)
{
    child_exec(cfg);
    return 0;
}

int spawn_traced(struct session_config *cfg, long opts)
{
    if (cfg->flags & CFG_PIN) {
        /* Tracer and tracee on one CPU: a stop round trip is ~8x cheaper. */
        cpu_set_t set;
        CPU_ZERO(&set);
        /* By default the CPU we are on: it is allowed to us, and concurrent
         * recordings spread over CPUs as their threads do. */
        CPU_SET(cfg->cpu >= 0 ? cfg->cpu : sched_getcpu(), &set);
        sched_setaffinity(0, sizeof set, &set);
    }
    /* The child shares its parent's memory until its execve (as
     * posix_spawn's does): a fork would copy the page tables of the whole
     * Node process, make every page either side writes afterwards fault, and
     * leave the exec to tear that copy down (milliseconds each time). Not
     * for the file view, whose namespaces the child enters alone. */
    pid_t pid;
    if (cfg->flags & CFG_FILE_VIEW) {
        pid = fork();
        if (pid == 0)
            child_exec(cfg);
    } else {
        cfg->child_stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (cfg->child_stack == MAP_FAILED) {
            cfg->child_stack = NULL;
            return -ENOMEM;
        }
        pid = clone(child_main, (char *)cfg->child_stack + CHILD_STACK_SIZE, CLONE_VM | SIGCHLD,
                    cfg);
    }
    if (pid < 0)
        return -errno;
    int status;
    if (waitpid(pid, &status, WSTOPPED | __WALL) < 0 || !WIFSTOPPED(status)) {
        return -ECHILD;
    }
    if (ptrace(PTRACE_SEIZE, pid, 0, (void *)opts) < 0) {
        int err = errno;
        kill(pid, SIGKILL);
        waitpid(pid, &status, __WALL);
        return -err;
    }
    kill(pid, SIGCONT);
    return pid;
}

/* The flusher, which packs and writes the records, on the CPUs other than the
 * pinned one, where the tracees would wait for it (when there are others). */
static void flusher_elsewhere(struct session *s)
{
    cpu_set_t set;
    int here = sched_getcpu();
    if (here < 0 || !s->flusher_started ||
        pthread_getaffinity_np(s->flusher, sizeof set, &set) != 0)
        return;
    CPU_CLR(here, &set);
    if (CPU_COUNT(&set) > 0)
        pthread_setaffinity_np(s->flusher, sizeof set, &set);
}

int spawn_root(struct tracer *tr)
{
    long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
                PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
    if (tr->s->cfg.flags & CFG_FASTPATH)
        opts |= PTRACE_O_TRACESECCOMP;
    pid_t pid = spawn_traced(&tr->s->cfg, opts);
    if (pid < 0)
        return pid;
    if (tr->s->cfg.flags & CFG_PIN)
        flusher_elsewhere(tr->s);
    struct thread *t = thread_new(tr, pid, pid);
    if (!t)
        return -ENOMEM;
    t->pre_exec = 1;
    t->announced = 1;
    t->started = 1; /* the root's start is the trace's start */
    tr->root = pid;
    set_root_pid(tr->s, pid);
    return 0;
}

void set_root_pid(struct session *s, pid_t pid)
{
    __atomic_store_n(&s->root_pid, pid, __ATOMIC_SEQ_CST);
    /* (st_signal takes it when it saw the pid; exactly one of us sends it) */
    int sig = __atomic_exchange_n(&s->pending_signal, 0, __ATOMIC_SEQ_CST);
    if (sig)
        kill(pid, sig);
}

/* The thread holding the user-space token (NULL: none), also where the
 * flusher's preemption check sees it. */
void set_token_holder(struct tracer *tr, struct thread *t)
{
    tr->running = t;
    struct session *s = tr->s;
    s->running_gen++;
    s->running_pid = t ? t->pid : 0;
    s->running_tid = t ? t->tid : 0;
}

/* A thread holding the user-space token that runs this much CPU time without
 * a syscall is preempted (see tracer.c): it may be spinning on another thread.
 * CPU time, not wall time: on a loaded machine a thread can wait long for a
 * CPU, and preempting it then would cost replay fidelity for nothing. */
#define PREEMPT_AFTER_NS (100 * 1000 * 1000)

/* CPU time thread tid has run, from /proc (-1 if gone). */
static int64_t thread_cpu_ns(pid_t pid, pid_t tid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/schedstat", pid, tid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    unsigned long long ns = 0;
    int ok = fscanf(f, "%llu", &ns) == 1;
    fclose(f);
    return ok ? (int64_t)ns : -1;
}

static void maybe_preempt(struct session *s)
{
    pid_t tid = s->running_tid, pid = s->running_pid;
    uint64_t gen = s->running_gen;
    if (!tid || s->preempt_tid == tid)
        return;
    int64_t cpu = thread_cpu_ns(pid, tid);
    if (cpu < 0)
        return;
    if (gen != s->watched_gen) {
        /* a new grant since the last tick: start measuring from here */
        s->watched_gen = gen;
        s->watched_cpu_ns = cpu;
        return;
    }
    if (cpu - s->watched_cpu_ns < PREEMPT_AFTER_NS || s->running_gen != gen)
        return;
    s->preempt_tid = tid;
    syscall(SYS_tgkill, pid, tid, SIGSTOP);
}

/* Pages of the event buffers faulted in at a time, under the stream's locks. */
#define PREFAULT_STEP (16 * 4096)

/* Fault in the pages of the event buffers the tracer is about to fill (see
 * session.prefault), a few pages at a time, each time under the stream's
 * locks and taking them as they are then: meanwhile the tracer may swap them
 * (drain) or grow one, which moves it. */
static void prefault(struct session *s)
{
    struct outstream *o = &s->out;
    for (size_t off = 0, more = 1; more; off += PREFAULT_STEP) {
        more = 0;
        pthread_mutex_lock(&o->wmu); /* (held by a drain throughout) */
        pthread_mutex_lock(&o->mu);
        struct buf *bufs[2] = {&o->pending, &o->writing};
        for (unsigned i = 0; i < 2; i++) {
            if (off >= bufs[i]->cap)
                continue;
            size_t n = bufs[i]->cap - off;
            fault_in(bufs[i]->data + off, n < PREFAULT_STEP ? n : PREFAULT_STEP, 1);
            more = 1;
        }
        pthread_mutex_unlock(&o->mu);
        pthread_mutex_unlock(&o->wmu);
    }
}

static void *flusher_main(void *arg)
{
    struct session *s = arg;
    if (s->prefault)
        prefault(s);
    /* Events of an idle program reach the reader within this period, so a
     * killed recorder loses at most this much. */
    const long period_ns = 50 * 1000 * 1000;
    pthread_mutex_lock(&s->flush_mu);
    while (!s->done) {
        struct timespec deadline;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_nsec += period_ns;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        if (!s->flush_asked)
            pthread_cond_timedwait(&s->flush_cv, &s->flush_mu, &deadline);
        s->flush_asked = 0;
        if (s->done)
            break;
        pthread_mutex_unlock(&s->flush_mu);
        out_flush(&s->out);
        maybe_preempt(s);
        pthread_mutex_lock(&s->flush_mu);
    }
    pthread_mutex_unlock(&s->flush_mu);
    return NULL;
}

static void wake_flusher(void *arg)
{
    struct session *s = arg;
    pthread_mutex_lock(&s->flush_mu);
    s->flush_asked = 1;
    pthread_cond_signal(&s->flush_cv);
    pthread_mutex_unlock(&s->flush_mu);
}

void start_flusher(struct session *s)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&s->flush_cv, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&s->flush_mu, NULL);
    s->flusher_started = pthread_create(&s->flusher, NULL, flusher_main, s) == 0;
    pthread_mutex_lock(&s->out.mu);
    s->out.wake = wake_flusher;
    s->out.wake_arg = s;
    pthread_mutex_unlock(&s->out.mu);
}

void stop_flusher(struct session *s)
{
    pthread_mutex_lock(&s->out.mu);
    s->out.wake = NULL;
    pthread_mutex_unlock(&s->out.mu);
    pthread_mutex_lock(&s->flush_mu);
    s->done = 1;
    pthread_cond_signal(&s->flush_cv);
    pthread_mutex_unlock(&s->flush_mu);
    if (s->flusher_started)
        pthread_join(s->flusher, NULL);
    s->flusher_started = 0;
    pthread_cond_destroy(&s->flush_cv);
    pthread_mutex_destroy(&s->flush_mu);
}

