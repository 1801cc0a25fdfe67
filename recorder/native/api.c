/*
 * FFI entry points, called from recorder/native/binding.ts through ffi-rs.
 * Few and coarse: a packed config buffer in, a pipe of packed events out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <signal.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "systape.h"

/* Bumped whenever an entry point or the event layout changes, so the
 * TypeScript side can refuse a stale build. */
#define ST_ABI_VERSION 8

#define MAX_SESSIONS 256

static pthread_mutex_t sessions_mu = PTHREAD_MUTEX_INITIALIZER;
static struct session *sessions[MAX_SESSIONS];
static int session_ids[MAX_SESSIONS];

ST_API int32_t st_abi_version(void)
{
    return ST_ABI_VERSION;
}

/* The libc version for trace headers, e.g. "2.36" (glibc's own answer). */
ST_API const char *st_libc_version(void)
{
    return gnu_get_libc_version();
}

struct reader {
    const uint8_t *p, *end;
};

static int read_u32(struct reader *r, uint32_t *v)
{
    if (r->end - r->p < 4)
        return -1;
    memcpy(v, r->p, 4);
    r->p += 4;
    return 0;
}

static char *read_str(struct reader *r)
{
    const uint8_t *nul = memchr(r->p, 0, (size_t)(r->end - r->p));
    if (!nul)
        return NULL;
    char *s = strdup((const char *)r->p);
    r->p = nul + 1;
    return s;
}

static char **read_strv(struct reader *r, uint32_t n)
{
    char **v = calloc(n + 1, sizeof *v);
    if (!v)
        return NULL;
    for (uint32_t i = 0; i < n; i++)
        if (!(v[i] = read_str(r)))
            return NULL; /* leaked on a malformed buffer only */
    return v;
}

static void free_strv(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

void session_free(struct session *s)
{
    pthread_mutex_lock(&sessions_mu);
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (sessions[i] == s)
            sessions[i] = NULL;
    pthread_mutex_unlock(&sessions_mu);
    free(s->cfg.path);
    free(s->cfg.cwd);
    free_strv(s->cfg.argv);
    free_strv(s->cfg.envp);
    free_strv(s->cfg.mounts);
    free(s->cfg.known);
    if (s->cfg.child_stack)
        munmap(s->cfg.child_stack, CHILD_STACK_SIZE);
    buf_free(&s->out.pending);
    buf_free(&s->out.writing);
    buf_free(&s->out.conv);
    buf_free(&s->out.packed);
    pthread_mutex_destroy(&s->out.mu);
    pthread_mutex_destroy(&s->out.wmu);
    free(s);
}

/*
 * Config layout (little-endian): u32 flags, i32 cpu, i32 stdin, i32 stdout,
 * i32 stderr, u32 argc, u32 envc, u32 has_cwd, then NUL-terminated strings:
 * path, argv[argc], envp[envc], cwd; with CFG_KEEP_GOING, a 64-byte bitmap
 * of the calls replay may execute for real when they were not recorded; for
 * a replay with CFG_FASTPATH, a 64-byte bitmap of the calls it emulates; for
 * an intercept, its 64-byte bitmap; for a recording with CFG_CHAOS, the
 * 64-byte bitmap of the calls replay emulates; for a replay with CFG_FILE_VIEW, u32 n
 * then n pairs of strings (directory, overlay lowerdir option); with
 * CFG_KNOWN_SITES, u32 n then n known sites of FP_KNOWN_ENTRY bytes.
 * Returns the read end of the event pipe, or -errno.
 */
enum session_kind { KIND_RECORD, KIND_REPLAY, KIND_INTERCEPT };

static int start_session(const uint8_t *cfg, int32_t len, enum session_kind kind, int *in_write_fd)
{
    int replay = kind == KIND_REPLAY;
    struct reader r = {cfg, cfg + len};
    uint32_t flags, cpu, fds[3], argc, envc, has_cwd;
    if (read_u32(&r, &flags) || read_u32(&r, &cpu) || read_u32(&r, &fds[0]) ||
        read_u32(&r, &fds[1]) || read_u32(&r, &fds[2]) || read_u32(&r, &argc) ||
        read_u32(&r, &envc) || read_u32(&r, &has_cwd))
        return -EINVAL;
    struct session *s = calloc(1, sizeof *s);
    if (!s)
        return -ENOMEM;
    out_init(&s->out, -1);
    s->in_fd = -1;
    s->cfg.flags = flags | (replay ? CFG_REPLAY : 0);
    s->cfg.cpu = (int32_t)cpu;
    for (int i = 0; i < 3; i++)
        s->cfg.stdio[i] = (int32_t)fds[i];
    s->cfg.path = read_str(&r);
    s->cfg.argv = read_strv(&r, argc);
    s->cfg.envp = read_strv(&r, envc);
    s->cfg.cwd = has_cwd ? read_str(&r) : NULL;
    if ((flags & CFG_KEEP_GOING) && r.p + sizeof s->cfg.live_ok <= r.end) {
        memcpy(s->cfg.live_ok, r.p, sizeof s->cfg.live_ok);
        r.p += sizeof s->cfg.live_ok;
    }
    if (replay && (flags & CFG_FASTPATH) && r.p + sizeof s->cfg.emulated <= r.end) {
        memcpy(s->cfg.emulated, r.p, sizeof s->cfg.emulated);
        r.p += sizeof s->cfg.emulated;
    }
    /* intercept, and record --inject: the calls that stop for TypeScript */
    if (kind == KIND_REPLAY)
        s->cfg.flags &= ~(CFG_INTERCEPT | CFG_INTERCEPT_EXIT);
    if (kind == KIND_INTERCEPT && !(flags & CFG_INTERCEPT)) {
        session_free(s);
        return -EINVAL;
    }
    if (s->cfg.flags & CFG_INTERCEPT) {
        if (r.p + sizeof s->cfg.intercept > r.end) {
            session_free(s);
            return -EINVAL;
        }
        memcpy(s->cfg.intercept, r.p, sizeof s->cfg.intercept);
        r.p += sizeof s->cfg.intercept;
    }
    if (kind == KIND_RECORD && (flags & CFG_CHAOS)) {
        if (r.p + sizeof s->cfg.emulated > r.end) {
            session_free(s);
            return -EINVAL;
        }
        memcpy(s->cfg.emulated, r.p, sizeof s->cfg.emulated);
        r.p += sizeof s->cfg.emulated;
    } else {
        s->cfg.flags &= ~CFG_CHAOS;
    }
    if (replay && (flags & CFG_FILE_VIEW)) {
        uint32_t n;
        if (read_u32(&r, &n) || n > 4096 || !(s->cfg.mounts = read_strv(&r, 2 * n))) {
            session_free(s);
            return -EINVAL;
        }
        s->cfg.n_mounts = n;
    } else {
        s->cfg.flags &= ~CFG_FILE_VIEW;
    }
    if (flags & CFG_KNOWN_SITES) {
        uint32_t n;
        if (read_u32(&r, &n) || (size_t)(r.end - r.p) / FP_KNOWN_ENTRY < n ||
            !(s->cfg.known = malloc((size_t)n * FP_KNOWN_ENTRY + 1))) {
            session_free(s);
            return -EINVAL;
        }
        memcpy(s->cfg.known, r.p, (size_t)n * FP_KNOWN_ENTRY);
        r.p += (size_t)n * FP_KNOWN_ENTRY;
        s->cfg.n_known = n;
    }
    if (kind == KIND_RECORD && (s->cfg.flags & CFG_INTERCEPT))
        s->cfg.flags = (s->cfg.flags & ~(CFG_INTERCEPT | CFG_INTERCEPT_EXIT)) | CFG_INJECT;
    /* a pipe from TypeScript too: replay's records, decisions on calls */
    int with_input = replay || (s->cfg.flags & (CFG_INTERCEPT | CFG_INJECT));
    if (!s->cfg.path || !s->cfg.argv || !s->cfg.envp || (has_cwd && !s->cfg.cwd)) {
        session_free(s);
        return -EINVAL;
    }
    int events[2], expect[2] = {-1, -1};
    if (pipe2(events, O_CLOEXEC) < 0) {
        int err = errno;
        session_free(s);
        return -err;
    }
    if (with_input && pipe2(expect, O_CLOEXEC) < 0) {
        int err = errno;
        close(events[0]);
        close(events[1]);
        session_free(s);
        return -err;
    }
    /* Larger pipes let each side run ahead of the other. */
    fcntl(events[1], F_SETPIPE_SZ, 1 << 20);
    if (replay)
        fcntl(expect[1], F_SETPIPE_SZ, 1 << 20);
    /* the tracer thread writes events and, for an intercept, blocks on its
     * input: neither end may leak into the program */
    s->out.fd = events[1];
    s->cfg.err_fd = events[1];
    s->in_fd = expect[0];

    pthread_mutex_lock(&sessions_mu);
    int slot = -1;
    for (int i = 0; i < MAX_SESSIONS && slot < 0; i++)
        if (!sessions[i])
            slot = i;
    if (slot >= 0) {
        sessions[slot] = s;
        session_ids[slot] = events[0];
    }
    pthread_mutex_unlock(&sessions_mu);
    int err = slot < 0 ? EAGAIN : 0;
    if (!err) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        void *(*main_of[])(void *) = {tracer_main, replay_main, intercept_main};
        err = pthread_create(&s->tracer, &attr, main_of[kind], s);
        pthread_attr_destroy(&attr);
    }
    if (err) {
        close(events[0]);
        close(events[1]);
        if (with_input) {
            close(expect[0]);
            close(expect[1]);
        }
        session_free(s);
        return -err;
    }
    *in_write_fd = expect[1];
    return events[0];
}

/*
 * Config layout (little-endian): u32 flags, i32 cpu, i32 stdin, i32 stdout,
 * i32 stderr, u32 argc, u32 envc, u32 has_cwd, then NUL-terminated strings:
 * path, argv[argc], envp[envc], cwd; with CFG_INTERCEPT (faults to inject),
 * the 64-byte set of the calls TypeScript decides.
 * Returns (decisions write fd << 32, with CFG_INTERCEPT) | events read fd,
 * or -errno.
 */
ST_API int64_t st_record_start(const uint8_t *cfg, int32_t len)
{
    int in_write = -1;
    int fd = start_session(cfg, len, KIND_RECORD, &in_write);
    if (fd < 0)
        return fd;
    /* with CFG_INTERCEPT (--inject), the decisions pipe too, as for intercept */
    return ((int64_t)(in_write < 0 ? 0 : in_write) << 32) | (int64_t)fd;
}

/*
 * Replay: the same config. Returns (expectations write fd << 32) | events
 * read fd, or -errno. TypeScript writes the recorded records to the first and
 * reads replay events from the second.
 */
ST_API int64_t st_replay_start(const uint8_t *cfg, int32_t len)
{
    int in_write = -1;
    int fd = start_session(cfg, len, KIND_REPLAY, &in_write);
    if (fd < 0)
        return fd;
    return ((int64_t)in_write << 32) | (int64_t)fd;
}

/*
 * Intercept: the same config with CFG_INTERCEPT and, last, the 64-byte set
 * of the calls to stop. Returns (decisions write fd << 32) | events read fd,
 * or -errno. TypeScript answers each EV_ICALL with a struct ic_decision.
 */
ST_API int64_t st_intercept_start(const uint8_t *cfg, int32_t len)
{
    int in_write = -1;
    int fd = start_session(cfg, len, KIND_INTERCEPT, &in_write);
    if (fd < 0)
        return fd;
    return ((int64_t)in_write << 32) | (int64_t)fd;
}

/* Send a signal to the root process of the session read through `fd`
 * (forwarding SIGINT/SIGTERM the recorder received, or killing a program
 * whose trace cannot be written). A SIGKILL sent before the program has
 * started reaches it as it starts (set_root_pid). */
ST_API int32_t st_signal(int32_t fd, int32_t sig)
{
    int32_t ret = -ESRCH;
    pthread_mutex_lock(&sessions_mu);
    for (int i = 0; i < MAX_SESSIONS; i++) {
        struct session *s = sessions[i];
        if (!s || session_ids[i] != fd || sig <= 0)
            continue;
        if (sig != SIGKILL) {
            /* (only a kill waits for the program: no handler of Node's may run
             * in the child before its exec, which shares Node's memory) */
            pid_t pid = __atomic_load_n(&s->root_pid, __ATOMIC_SEQ_CST);
            if (pid > 0)
                ret = kill(pid, sig) < 0 ? -errno : 0;
            continue;
        }
        /* Left for set_root_pid, or taken back here: exactly one sends it. */
        __atomic_store_n(&s->pending_signal, sig, __ATOMIC_SEQ_CST);
        pid_t pid = __atomic_load_n(&s->root_pid, __ATOMIC_SEQ_CST);
        ret = 0;
        if (pid > 0 && __atomic_exchange_n(&s->pending_signal, 0, __ATOMIC_SEQ_CST))
            ret = kill(pid, sig) < 0 ? -errno : 0;
    }
    pthread_mutex_unlock(&sessions_mu);
    return ret;
}
