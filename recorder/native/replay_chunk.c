/*
 * Replay's input a chunk at a time: TypeScript hands over each records chunk
 * of the trace as it is in the file (inflated), and its records become here
 * the expectations replay.c follows. A trace can hold millions of calls, and
 * looking at each in JavaScript cost more than replaying it.
 *
 * What a call's replay flags need besides its record comes from TypeScript
 * once, before the first chunk (replayer/policy.ts stays the one place that
 * says how each call is replayed): per syscall number the flags, the argument
 * naming the descriptor its output goes to, and what it does to the
 * descriptor table. Which descriptors are the program's own stdout and stderr
 * (whose writes replay echoes) is followed here, as
 * formats/trace/descriptors.ts follows them.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "mpread.h"
#include "replay.h"
#include "syscall_table.h"
#include "systape.h"

#define MAP_ANONYMOUS_FLAG 0x20
#define F_DUPFD_CMD 0
#define F_DUPFD_CLOEXEC_CMD 1030
#define FLAG_INJECTED 16
#define KIND_STDOUT 1
#define KIND_STDERR 2

/* What a call does to its process's descriptors (a successful one). */
enum fd_effect {
    FDE_NONE = 0,
    FDE_NEW = 1,         /* the result is a new descriptor */
    FDE_DUP = 2,         /* the result is a copy of argument 0 */
    FDE_FCNTL = 3,       /* F_DUPFD and F_DUPFD_CLOEXEC copy argument 0 */
    FDE_CLOSE = 4,       /* argument 0 is closed */
    FDE_CLOSE_RANGE = 5, /* arguments 0..1 are closed */
    FDE_PAIR = 6,        /* two new descriptors, written at argument 0 or 3 */
};

struct echo_fd {
    int32_t fd;
    uint32_t kind; /* KIND_STDOUT or KIND_STDERR */
};

/* The descriptors of one process that are the program's stdout or stderr. */
struct echo_proc {
    int32_t pid;
    uint32_t n, cap;
    struct echo_fd *fds;
};

struct fill {
    char *path, *source;
};

struct replay_input {
    struct replay_tables tables;
    int have_tables;
    struct echo_proc *procs;
    uint32_t nprocs, cap;
    struct fill *fills;
    uint32_t nfills;
    struct buf scratch;
};

struct replay_input *replay_input_new(void)
{
    return calloc(1, sizeof(struct replay_input));
}

void replay_input_free(struct replay_input *ri)
{
    if (!ri)
        return;
    for (uint32_t i = 0; i < ri->nprocs; i++)
        free(ri->procs[i].fds);
    free(ri->procs);
    for (uint32_t i = 0; i < ri->nfills; i++) {
        free(ri->fills[i].path);
        free(ri->fills[i].source);
    }
    free(ri->fills);
    buf_free(&ri->scratch);
    free(ri);
}

int replay_input_tables(struct replay_input *ri, const void *data, size_t len)
{
    if (len < sizeof ri->tables)
        return -1;
    memcpy(&ri->tables, data, sizeof ri->tables);
    ri->have_tables = 1;
    return 0;
}

int replay_input_fill(struct replay_input *ri, const char *path, const char *source)
{
    struct fill *f = realloc(ri->fills, (ri->nfills + 1) * sizeof *f);
    if (!f)
        return -1;
    ri->fills = f;
    f[ri->nfills].path = strdup(path);
    f[ri->nfills].source = strdup(source);
    if (!f[ri->nfills].path || !f[ri->nfills].source) {
        free(f[ri->nfills].path);
        free(f[ri->nfills].source);
        return -1;
    }
    ri->nfills++;
    return 0;
}

/* ---- stdout and stderr, per process ---- */

/* The process's entry; the first process seen is the recorded program, with
 * its inherited stdout and stderr. NULL when out of memory. */
static struct echo_proc *proc_of(struct replay_input *ri, int32_t pid)
{
    for (uint32_t i = ri->nprocs; i-- > 0;)
        if (ri->procs[i].pid == pid)
            return &ri->procs[i];
    if (ri->nprocs == ri->cap) {
        uint32_t cap = ri->cap ? 2 * ri->cap : 8;
        struct echo_proc *p = realloc(ri->procs, cap * sizeof *p);
        if (!p)
            return NULL;
        ri->procs = p;
        ri->cap = cap;
    }
    struct echo_proc *p = &ri->procs[ri->nprocs];
    *p = (struct echo_proc){.pid = pid};
    if (ri->nprocs == 0 && (p->fds = malloc(4 * sizeof *p->fds))) {
        p->cap = 4;
        p->fds[p->n++] = (struct echo_fd){1, KIND_STDOUT};
        p->fds[p->n++] = (struct echo_fd){2, KIND_STDERR};
    }
    ri->nprocs++;
    return p;
}

static uint32_t kind_of(const struct echo_proc *p, int32_t fd)
{
    for (uint32_t i = 0; i < p->n; i++)
        if (p->fds[i].fd == fd)
            return p->fds[i].kind;
    return 0;
}

static void forget(struct echo_proc *p, int32_t fd)
{
    for (uint32_t i = 0; i < p->n; i++)
        if (p->fds[i].fd == fd) {
            p->fds[i] = p->fds[--p->n];
            return;
        }
}

static void set_kind(struct echo_proc *p, int32_t fd, uint32_t kind)
{
    forget(p, fd);
    if (!kind)
        return;
    if (p->n == p->cap) {
        uint32_t cap = p->cap ? 2 * p->cap : 4;
        struct echo_fd *f = realloc(p->fds, cap * sizeof *f);
        if (!f)
            return;
        p->fds = f;
        p->cap = cap;
    }
    p->fds[p->n++] = (struct echo_fd){fd, kind};
}

/* A new process: a copy of its parent's table. */
static void inherit(struct replay_input *ri, int32_t parent, int32_t child)
{
    struct echo_proc *from = proc_of(ri, parent);
    if (!from)
        return;
    uint32_t n = from->n;
    struct echo_fd *copy = n ? malloc(n * sizeof *copy) : NULL;
    if (n && !copy)
        return;
    if (n)
        memcpy(copy, from->fds, n * sizeof *copy);
    struct echo_proc *to = proc_of(ri, child); /* (may move `from`) */
    if (!to) {
        free(copy);
        return;
    }
    free(to->fds);
    to->fds = copy;
    to->n = to->cap = n;
}

/* The first region of record x the kernel wrote at least `len` bytes to. */
static const struct ev_mem *written(const struct ev_syscall *x, uint32_t len)
{
    size_t off = sizeof *x;
    struct region r;
    while (next_region(x, x->h.size, &off, &r))
        if (r.m->dir == ST_DIR_OUT && r.m->len >= len)
            return r.m;
    return NULL;
}

/* What the successful call x does to its process's stdout and stderr. */
static void follow_fds(struct replay_input *ri, const struct ev_syscall *x)
{
    if (x->nr < 0 || x->nr >= REPLAY_TABLE_NRS || (x->ret < 0 && x->ret > -4096))
        return;
    uint8_t effect = ri->tables.fd_effect[x->nr];
    if (effect == FDE_NONE)
        return;
    struct echo_proc *p = proc_of(ri, x->pid);
    if (!p)
        return;
    int32_t a0 = (int32_t)x->args[0], ret = (int32_t)x->ret;
    switch (effect) {
    case FDE_NEW:
        forget(p, ret);
        break;
    case FDE_FCNTL:
        if ((int32_t)x->args[1] != F_DUPFD_CMD && (int32_t)x->args[1] != F_DUPFD_CLOEXEC_CMD)
            break;
        /* fall through */
    case FDE_DUP:
        set_kind(p, ret, kind_of(p, a0));
        break;
    case FDE_CLOSE:
        forget(p, a0);
        break;
    case FDE_CLOSE_RANGE: {
        uint32_t first = (uint32_t)x->args[0], last = (uint32_t)x->args[1];
        for (uint32_t i = p->n; i-- > 0;)
            if ((uint32_t)p->fds[i].fd >= first && (uint32_t)p->fds[i].fd <= last)
                p->fds[i] = p->fds[--p->n];
        break;
    }
    case FDE_PAIR: {
        const struct ev_mem *m = written(x, 8);
        if (m) {
            int32_t fds[2];
            memcpy(fds, m + 1, sizeof fds);
            forget(p, fds[0]);
            forget(p, fds[1]);
        }
        break;
    }
    }
}

/* ---- calls ---- */

/* The replay flags of call x, from the tables and where its output goes. */
static uint16_t xflags_of(struct replay_input *ri, const struct ev_syscall *x, int64_t own)
{
    uint16_t flags = 0;
    if (x->nr >= 0 && x->nr < REPLAY_TABLE_NRS) {
        flags = ri->tables.flags[x->nr];
        int out_arg = ri->tables.out_arg[x->nr];
        if (out_arg >= 0 && x->ret > 0) {
            struct echo_proc *p = proc_of(ri, x->pid);
            uint32_t kind = p ? kind_of(p, (int32_t)x->args[out_arg]) : 0;
            if (kind)
                flags |= XF_ECHO | (kind == KIND_STDERR ? XF_ECHO_STDERR : 0);
        }
    }
    if ((x->nr == SYS_execve || x->nr == SYS_execveat) && x->ret == 0)
        flags |= XF_REAL; /* a failed execve (a PATH search) is emulated */
    if (x->nr == SYS_mmap && !(x->args[3] & MAP_ANONYMOUS_FLAG) && (int32_t)x->args[4] >= 0)
        flags |= XF_MMAP_FILE;
    if (own & FLAG_INJECTED) /* the call was not made then, and is not now */
        flags &= (uint16_t) ~(XF_REAL | XF_KEEP_RET | XF_CHECK_RET | XF_MMAP_FILE);
    return flags;
}

/* Where replay reads the contents of the file at path for a mapping. */
static const char *fill_source(const struct replay_input *ri, const char *path)
{
    for (uint32_t i = 0; i < ri->nfills; i++)
        if (strcmp(ri->fills[i].path, path) == 0)
            return ri->fills[i].source;
    return path;
}

/*
 * An mmap's record as replay takes it: without its 'path' region (the file
 * the recorder saw mapped) and, for a file mapping, with a REGION_FILE_PATH
 * region naming where to read the file's contents from, NUL-terminated, at
 * address 1 (the file may be mapped itself). The record is at `at` in q, last.
 */
static int file_mapping(struct replay_input *ri, struct buf *q, size_t at)
{
    struct buf *b = &ri->scratch;
    const struct ev_syscall *x = (const struct ev_syscall *)(q->data + at);
    b->len = 0;
    if (!buf_append(b, x, sizeof *x))
        return -1;
    char path[4096 + 1] = "";
    size_t off = sizeof *x;
    uint32_t nmem = 0;
    struct region r;
    while (next_region(x, x->h.size, &off, &r)) {
        if (r.m->dir == ST_DIR_PATH) {
            size_t n = r.m->len < sizeof path - 1 ? r.m->len : sizeof path - 1;
            memcpy(path, r.bytes, n);
            path[n] = 0;
            continue;
        }
        size_t size = sizeof *r.m + ((r.m->len + 7) & ~(size_t)7);
        if (!buf_append(b, r.m, size))
            return -1;
        nmem++;
    }
    if (!path[0] && nmem == x->nmem)
        return 0; /* no path region: as it is */
    if (path[0] && (x->h.flags & XF_MMAP_FILE)) {
        const char *source = fill_source(ri, path);
        size_t len = strlen(source) + 1;
        struct ev_mem m = {.dir = REGION_FILE_PATH, .arg = 4, .len = (uint32_t)len, .addr = 1};
        uint8_t *dst;
        if (!buf_append(b, &m, sizeof m) || !(dst = buf_append_pad8(b, len)))
            return -1;
        memcpy(dst, source, len);
        nmem++;
    }
    struct ev_syscall *y = (struct ev_syscall *)b->data;
    y->h.size = (uint32_t)b->len;
    y->nmem = nmem;
    q->len = at;
    return buf_append(q, b->data, b->len) ? 0 : -1;
}

static int put_syscall(struct replay_input *ri, struct cursor *c, struct buf *q)
{
    size_t at = q->len;
    const uint8_t *p = c->p;
    int64_t own;
    if (unpack_syscall(&p, c->end, q, &own) < 0)
        return -1;
    c->p = p;
    struct ev_syscall *x = (struct ev_syscall *)(q->data + at);
    if (ri->nprocs == 0)
        proc_of(ri, x->pid); /* the recorded program: it has the stdout and stderr */
    x->h.flags |= xflags_of(ri, x, own);
    if (x->nr == SYS_mmap && file_mapping(ri, q, at) < 0)
        return -1;
    follow_fds(ri, (const struct ev_syscall *)(q->data + at));
    return 0;
}

/* ---- the other records, in the layouts of replayer/expectations.ts ---- */

/* Room for a record of `size` bytes at the end of q, zeroed, with its header,
 * its seq and, for a thread's record (who: pid, tid), the ids at 16 and 20,
 * where every thread's record has them. */
static void *put_head(struct buf *q, size_t size, uint16_t type, int64_t seq, const int64_t *who)
{
    uint8_t *at = buf_append(q, NULL, size);
    if (!at)
        return NULL;
    memset(at, 0, size);
    struct ev_hdr *h = (struct ev_hdr *)at;
    *h = (struct ev_hdr){(uint32_t)size, type, 0};
    memcpy(at + 8, &seq, 8);
    if (who) {
        int32_t ids[2] = {(int32_t)who[0], (int32_t)who[1]};
        memcpy(at + 16, ids, sizeof ids);
    }
    return at;
}

/* `n` integers in a row. */
static int get_ints(struct cursor *c, int64_t *v, int n)
{
    for (int i = 0; i < n; i++)
        if (get_int(c, &v[i]) < 0)
            return -1;
    return 0;
}

static int put_exec(struct cursor *c, int64_t seq, const int64_t *who, struct buf *q)
{
    const uint8_t *path, *random;
    uint32_t path_len, argc, auxc, random_len;
    struct cursor argv, auxv;
    if (get_str(c, &path, &path_len) < 0 || get_array(c, &argc) < 0)
        return -1;
    argv = *c;
    size_t argv_len = 0;
    for (uint32_t i = 0; i < argc; i++) {
        const uint8_t *s;
        uint32_t n;
        if (get_str(c, &s, &n) < 0)
            return -1;
        argv_len += n + 1;
    }
    if (get_array(c, &auxc) < 0)
        return -1;
    auxv = *c;
    for (uint32_t i = 0; i < auxc; i++)
        if (skip_value(c, 2) < 0)
            return -1;
    if (get_bin(c, &random, &random_len) < 0 || random_len < 16)
        return -1;
    size_t size = (sizeof(struct ev_exec) + 16 * (size_t)auxc + path_len + argv_len + 7) & ~(size_t)7;
    uint8_t *at = put_head(q, size, EV_EXEC, seq, who);
    if (!at)
        return -1;
    struct ev_exec *e = (struct ev_exec *)at;
    e->path_len = path_len;
    e->argv_len = (uint32_t)argv_len;
    e->auxv_n = auxc;
    memcpy(e->random, random, 16);
    uint8_t *out = at + sizeof *e;
    for (uint32_t i = 0; i < auxc; i++) {
        uint32_t two;
        int64_t kv[2];
        if (get_array(&auxv, &two) < 0 || two != 2 || get_ints(&auxv, kv, 2) < 0)
            return -1;
        memcpy(out, kv, 16);
        out += 16;
    }
    memcpy(out, path, path_len);
    out += path_len;
    for (uint32_t i = 0; i < argc; i++) {
        const uint8_t *s;
        uint32_t n;
        if (get_str(&argv, &s, &n) < 0) /* (read once already) */
            return -1;
        memcpy(out, s, n);
        out[n] = 0;
        out += n + 1;
    }
    return 0;
}

/* A nullable integer: -1 for nil. */
static int get_opt_int(struct cursor *c, int64_t *v)
{
    if (get_nil(c)) {
        *v = -1;
        return 0;
    }
    return get_int(c, v);
}

static int put_record(struct replay_input *ri, struct cursor *c, struct buf *q)
{
    struct cursor at = *c;
    uint32_t n;
    int64_t tag, seq;
    if (get_array(c, &n) < 0 || n < 2 || get_int(c, &tag) < 0)
        return -1;
    if (tag == 0) {
        *c = at;
        return put_syscall(ri, c, q);
    }
    /* a thread's record (all but the end, of the kinds known here): pid, tid next */
    int of_thread = tag >= 1 && tag <= 6 && tag != 5;
    int64_t who[2];
    if (get_int(c, &seq) < 0 || (of_thread && (n < 4 || get_ints(c, who, 2) < 0)))
        return -1;
    int64_t v[2];
    uint32_t used = of_thread ? 4 : 2; /* elements read */
    switch (tag) {
    case 1: { /* spawn: childPid, childTid, kind */
        int64_t kind;
        if (n < 7 || get_ints(c, v, 2) < 0 || get_int(c, &kind) < 0 || kind < 0 || kind > 2)
            return -1;
        struct ev_spawn *e = put_head(q, sizeof *e, EV_SPAWN, seq, who);
        if (!e)
            return -1;
        e->child_pid = (int32_t)v[0];
        e->child_tid = (int32_t)v[1];
        e->kind = (uint32_t)kind;
        if (kind != 1)
            inherit(ri, (int32_t)who[0], (int32_t)v[0]);
        used = 7;
        break;
    }
    case 2: /* exec: path, argv, auxv, random */
        if (n < 8 || put_exec(c, seq, who, q) < 0)
            return -1;
        used = 8;
        break;
    case 3: { /* signal: signo, code, senderPid */
        int64_t sender;
        if (n < 7 || get_ints(c, v, 2) < 0 || get_int(c, &sender) < 0)
            return -1;
        struct ev_signal *e = put_head(q, sizeof *e, EV_SIGNAL, seq, who);
        if (!e)
            return -1;
        e->signo = (int32_t)v[0];
        e->code = (int32_t)v[1];
        e->sender = (int32_t)sender;
        used = 7;
        break;
    }
    case 4: { /* exit: processExit, code, signal, core */
        int process_exit, core;
        int64_t code, signo;
        if (n < 8 || get_bool(c, &process_exit) < 0 || get_opt_int(c, &code) < 0 ||
            get_opt_int(c, &signo) < 0 || get_bool(c, &core) < 0)
            return -1;
        struct ev_exit *e = put_head(q, sizeof *e, EV_EXIT, seq, who);
        if (!e)
            return -1;
        /* a wait(2) status */
        e->status = signo >= 0 ? (int32_t)(signo | (core ? 0x80 : 0))
                               : (int32_t)(((code < 0 ? 0 : code) & 0xff) << 8);
        used = 8;
        break;
    }
    case 5: { /* end: exitStatus, durationMs, syscalls, ... */
        int64_t status, syscalls;
        if (n < 5 || get_int(c, &status) < 0 || skip_value(c, 0) < 0 || get_int(c, &syscalls) < 0)
            return -1;
        /* (without fast_calls, which only recording fills) */
        struct ev_end *e = put_head(q, offsetof(struct ev_end, fast_calls), EV_END, seq, NULL);
        if (!e)
            return -1;
        e->root_status = (int32_t)status;
        e->syscalls = (uint64_t)syscalls;
        used = 5;
        break;
    }
    case 6: { /* start: nothing more */
        if (!put_head(q, sizeof(struct ev_start), EV_START, seq, who))
            return -1;
        break;
    }
    default:
        /* a record kind from a newer minor version (the header was checked): skipped */
        break;
    }
    for (uint32_t i = used; i < n; i++)
        if (skip_value(c, 16) < 0)
            return -1;
    return 0;
}

int replay_input_chunk(struct replay_input *ri, const uint8_t *data, size_t len, struct buf *q,
                       uint32_t *records)
{
    struct cursor c = {data, data + len};
    uint32_t n;
    *records = 0;
    if (!ri->have_tables || get_array(&c, &n) < 0)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        size_t at = q->len;
        if (put_record(ri, &c, q) < 0) {
            q->len = at;
            return -1; /* (*records: the ones before it) */
        }
        if (q->len > at)
            (*records)++;
    }
    return 0;
}
