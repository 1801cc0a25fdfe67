/*
 * The in-process hook: runs inside the traced program, called from a patched
 * syscall site (entry.S), and records the call into the buffer the tracer
 * empties (fastpath.h) without any ptrace stop. It makes the call itself from
 * the gadget, the one place the seccomp filter lets through untraced.
 *
 * Built freestanding (no libc, no TLS, no red zone, no vector registers) and
 * linked to run at a fixed address. Records have exactly the layout and the
 * memory regions the tracer's capture.c gives the same call, from the same
 * generated table, so a trace cannot tell which path recorded a call.
 */
#include <stddef.h>
#include <stdint.h>

#include "../syscall_table.h"
#include "../generated/syscall_effects.h"
#include "calls.h"
#include "fastpath.h"
#include "../systape.h"

struct fp_call {
    uint64_t nr;
    uint64_t a[6];
    uint64_t go_on; /* where entry.S goes next: after the stub's `syscall` */
};

long fp_traced_syscall(const struct fp_call *c);
long fp_hook(struct fp_call *c);

#define CTL ((volatile struct fp_ctl *)FP_CTL)
#define BUF ((uint8_t *)FP_BUF)

#define EAGAIN 11
#define EFAULT 14
#define EOPNOTSUPP 95
#define MAX_CSTR 4096
#define PIPE_BUF 4096
#define O_NONBLOCK 04000
#define O_NOFOLLOW 0400000
#define O_PATH 010000000
#define O_DIRECTORY 0200000
#define O_CREAT 0100
#define O_EXCL 0200
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_FDCWD (-100)
#define RWF_NOWAIT 0x8
#define F_GETFL 3
#define WNOHANG 1
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define O_RDONLY 0
#define O_CLOEXEC 02000000

#define S_IFMT 0170000
#define S_IFREG 0100000
#define S_IFCHR 0020000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define MEM_MAJOR 1 /* /dev/null, /dev/zero, /dev/urandom... */

/* The fields of struct stat the checks need (x86-64 layout). */
struct kstat {
    uint64_t dev, ino, nlink;
    uint32_t mode, uid, gid, pad0;
    uint64_t rdev;
    uint8_t rest[144 - 40];
};

static long sys6(uint64_t nr, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
                 uint64_t f)
{
    register uint64_t r10 __asm__("r10") = d;
    register uint64_t r8 __asm__("r8") = e;
    register uint64_t r9 __asm__("r9") = f;
    long ret = (long)nr;
    __asm__ volatile("call *%[gadget]"
                     : "+a"(ret)
                     : [gadget] "r"(FP_GADGET), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

/* Most copies are a few bytes (a 1-byte read, a 16-byte timespec), where
 * `rep movsb` costs more to start than word moves. */
static void copy(void *dst, const void *src, size_t n)
{
    if (n > 128) {
        __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
        return;
    }
    uint8_t *d = dst;
    const uint8_t *s = src;
    for (; n >= 8; n -= 8, d += 8, s += 8)
        __builtin_memcpy(d, s, 8);
    for (; n; n--)
        *d++ = *s++;
}

/* gcc may call these for struct copies even when freestanding */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n)
{
    copy(dst, src, n);
    return dst;
}
void *memset(void *dst, int c, size_t n)
{
    uint8_t *p = dst;
    while (n--)
        *p++ = (uint8_t)c;
    return dst;
}

static size_t cstr_len(const char *s)
{
    size_t n = 0;
    while (n < MAX_CSTR && s[n])
        n++;
    return n;
}

static uint32_t major_of(uint64_t rdev)
{
    return (uint32_t)(((rdev >> 32) & 0xfffff000u) | ((rdev >> 8) & 0xfffu));
}

/* A descriptor the kernel answers at once, whatever the call. */
static int never_blocks(uint32_t mode, uint64_t rdev)
{
    uint32_t type = mode & S_IFMT;
    return type == S_IFREG || type == S_IFBLK || type == S_IFDIR ||
           (type == S_IFCHR && major_of(rdev) == MEM_MAJOR);
}

enum how { HOW_TRACED, HOW_DIRECT, HOW_NOWAIT };

/* "/proc/self/fd/<fd>" into name (32 bytes). */
static void fd_link_name(char *name, uint64_t fd)
{
    static const char prefix[] = "/proc/self/fd/";
    size_t n = sizeof prefix - 1;
    copy(name, prefix, n);
    char digits[20];
    size_t d = 0;
    do {
        digits[d++] = (char)('0' + fd % 10);
        fd /= 10;
    } while (fd);
    while (d)
        name[n++] = digits[--d];
    name[n] = 0;
}

/* The path of descriptor fd as capture.c's capture_fd_path reads it, written
 * at dst (MAX_CSTR bytes); its length, or 0 when it has none there. */
static size_t fd_path(uint64_t fd, char *dst)
{
    char name[32];
    fd_link_name(name, fd);
    long n = sys6(89 /* readlink */, (uint64_t)name, (uint64_t)dst, MAX_CSTR, 0, 0, 0);
    return n > 0 && n < MAX_CSTR && dst[0] == '/' ? (size_t)n : 0;
}

/* Does [addr, addr + len) touch the hook's own region? */
static int over_hook(uint64_t addr, uint64_t len)
{
    return addr < FP_BASE + FP_SIZE && addr + len > FP_BASE;
}

static enum fp_fd_kind kind_of(uint32_t mode, uint64_t rdev)
{
    if (never_blocks(mode, rdev))
        return FP_FD_NEVER_BLOCKS;
    switch (mode & S_IFMT) {
    case S_IFCHR:
        return FP_FD_DEVICE;
    case 0010000:
        return FP_FD_FIFO;
    default:
        return FP_FD_OTHER;
    }
}

/* The kind of file at fd, remembered when the tracer allows it. */
static enum fp_fd_kind fd_kind(uint64_t fd)
{
    volatile struct fp_ctl *ctl = CTL;
    int cache = ctl->fd_cache_on && fd < FP_FD_CACHE;
    if (cache && ctl->fd_kind[fd] != FP_FD_UNKNOWN)
        return (enum fp_fd_kind)ctl->fd_kind[fd];
    struct kstat st;
    if (sys6(5 /* fstat */, fd, (uint64_t)&st, 0, 0, 0, 0) < 0)
        return FP_FD_UNKNOWN; /* a bad descriptor fails at once */
    enum fp_fd_kind kind = kind_of(st.mode, st.rdev);
    if (cache) {
        ctl->fd_kind[fd] = (uint8_t)kind;
        ctl->fd_cache_dirty = 1;
    }
    return kind;
}

/* After a call that may have put another file at a descriptor. */
static void forget_fd(long fd)
{
    volatile struct fp_ctl *ctl = CTL;
    if (fd >= 0 && fd < FP_FD_CACHE)
        ctl->fd_kind[fd] = FP_FD_UNKNOWN;
}

static void forget_changed_fds(const struct fp_call *c, long ret)
{
    switch (c->nr) {
    case 3: /* close */
        forget_fd((long)c->a[0]);
        break;
    case 33:  /* dup2 */
    case 292: /* dup3 */
        forget_fd((long)c->a[1]);
        break;
    case 2:   /* open */
    case 32:  /* dup */
    case 257: /* openat */
        forget_fd(ret);
        break;
    case 72: /* fcntl */
        if (c->a[1] == 0 || c->a[1] == 1030) /* F_DUPFD, F_DUPFD_CLOEXEC */
            forget_fd(ret);
        break;
    default:
        break;
    }
}

/* How to make a call of class cls without blocking, or HOW_TRACED. */
static enum how plan(enum fp_class cls, const struct fp_call *c)
{
    struct kstat st;
    switch (cls) {
    case FP_PLAIN:
        return HOW_DIRECT;
    case FP_READ:
    case FP_WRITE:
    case FP_POSITIONED:
        switch (fd_kind(c->a[0])) {
        case FP_FD_UNKNOWN:
        case FP_FD_NEVER_BLOCKS:
            return HOW_DIRECT;
        case FP_FD_DEVICE:
            return HOW_TRACED; /* terminals and other devices */
        case FP_FD_FIFO:
            /* A non-blocking read returns what a blocking one would when data
             * is there; a write, only up to PIPE_BUF bytes (atomic). */
            return cls == FP_READ || (cls == FP_WRITE && c->a[2] <= PIPE_BUF) ? HOW_NOWAIT
                                                                              : HOW_TRACED;
        default:
            /* sockets: a non-blocking write may write less than asked */
            return cls == FP_READ ? HOW_NOWAIT : HOW_TRACED;
        }
    case FP_MEMORY: {
        /* never over the hook's region. A file's mapping records the file's
         * path, read from /proc/self/fd: only where this process can read it
         * (else the tracer, reading its own /proc, does). */
        uint64_t addr = c->a[0], len = c->a[1];
        char one;
        if (c->nr == 9 && (int32_t)c->a[4] >= 0) {
            char name[32];
            fd_link_name(name, c->a[4]);
            if (sys6(89 /* readlink */, (uint64_t)name, (uint64_t)&one, 1, 0, 0, 0) < 0)
                return HOW_TRACED;
        }
        int placed = c->nr != 9 || (c->a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE));
        if (placed && over_hook(addr, len))
            return HOW_TRACED;
        return HOW_DIRECT;
    }
    case FP_WAIT:
        return c->a[2] & WNOHANG ? HOW_DIRECT : HOW_TRACED;
    case FP_FUTEX:
        switch (c->a[1] & 0x7f) {
        case 1:  /* FUTEX_WAKE */
        case 3:  /* FUTEX_REQUEUE */
        case 4:  /* FUTEX_CMP_REQUEUE */
        case 5:  /* FUTEX_WAKE_OP */
        case 10: /* FUTEX_WAKE_BITSET */
            return HOW_DIRECT;
        default:
            return HOW_TRACED; /* waits */
        }
    case FP_OPEN: {
        int at = c->nr == 257;
        uint64_t flags = c->a[at ? 2 : 1];
        /* none of these can wait: no file is opened for I/O, the kernel
         * refuses a non-directory before opening it, or the file is new */
        if ((flags & (O_PATH | O_DIRECTORY)) || (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
            return HOW_DIRECT;
        long r = sys6(262 /* newfstatat */, at ? c->a[0] : (uint64_t)AT_FDCWD, c->a[at ? 1 : 0],
                      (uint64_t)&st, (flags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0, 0, 0);
        /* no file yet (or no access): creating it or failing never waits */
        if (r < 0 || never_blocks(st.mode, st.rdev))
            return HOW_DIRECT;
        return HOW_TRACED; /* a FIFO waits for its other end; devices may */
    }
    default:
        return HOW_TRACED;
    }
}

static long make_call(enum how how, const struct fp_call *c)
{
    if (how == HOW_NOWAIT) {
        /* read/write as preadv2/pwritev2 at the current position, RWF_NOWAIT */
        struct {
            uint64_t base, len;
        } iov = {c->a[1], c->a[2]};
        long r = sys6(c->nr == 0 ? 327 : 328, c->a[0], (uint64_t)&iov, 1, (uint64_t)-1,
                      (uint64_t)-1, RWF_NOWAIT);
        if (r == -EOPNOTSUPP)
            return FP_WOULD_BLOCK; /* no RWF_NOWAIT here (a FIFO opened by name): the tracer */
        if (r == -EAGAIN) {
            long fl = sys6(72 /* fcntl */, c->a[0], F_GETFL, 0, 0, 0, 0);
            if (fl < 0 || !(fl & O_NONBLOCK))
                return FP_WOULD_BLOCK; /* a blocking descriptor: the tracer waits */
        }
        return r;
    }
    return sys6(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
}

/* ---- records: the layout and regions of capture.c, for flat memory ---- */

#define FLAG_MEM_TRUNCATED 8
#define IS_ERROR(ret) ((ret) < 0 && (ret) >= -4095)

static size_t pad8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* fcntl commands whose third argument is not memory, none of which waits. */
static int fcntl_without_memory(uint64_t cmd)
{
    switch (cmd) {
    case 0:    /* F_DUPFD */
    case 1:    /* F_GETFD */
    case 2:    /* F_SETFD */
    case 3:    /* F_GETFL */
    case 4:    /* F_SETFL */
    case 1030: /* F_DUPFD_CLOEXEC */
    case 1032: /* F_GETPIPE_SZ */
        return 1;
    default:
        return 0;
    }
}

/* The most bytes the record of this call can take; 0 when the hook cannot
 * describe the call's memory (the tracer records it then). */
static size_t record_bound(const struct st_syscall *sc, const uint64_t *a)
{
    size_t n = sizeof(struct ev_syscall);
    for (unsigned i = 0; i < sc->n_effects; i++) {
        const struct st_effect *e = &sc->effects[i];
        uint64_t len;
        if (e->dir == ST_DIR_PATH) {
            if ((int32_t)a[e->arg] >= 0) /* a file's mapping: its path (fd_path) */
                n += sizeof(struct ev_mem) + MAX_CSTR;
            continue;
        }
        if (e->layout == ST_LAYOUT_FCNTL && fcntl_without_memory(a[1]))
            continue;
        if (e->layout != ST_LAYOUT_FLAT || (e->dir != ST_DIR_IN && e->dir != ST_DIR_OUT))
            return 0;
        /* The hook reads what the kernel read after the call: not when the
         * kernel writes there too (the tracer reads it before). */
        for (unsigned j = 0; e->dir == ST_DIR_IN && j < sc->n_effects; j++)
            if (sc->effects[j].dir == ST_DIR_OUT && sc->effects[j].arg == e->arg)
                return 0;
        switch (e->size_kind) {
        case ST_SIZE_FIXED:
            len = e->value;
            break;
        case ST_SIZE_ARG:
            if (a[e->size_arg] > FP_BUF_SIZE)
                return 0;
            len = a[e->size_arg] * e->value;
            break;
        case ST_SIZE_CSTR:
            len = MAX_CSTR;
            break;
        case ST_SIZE_RET:
            /* every call of calls.h with such a result has the buffer's size next */
            if (e->arg + 1 >= 6 || a[e->arg + 1] > FP_BUF_SIZE)
                return 0;
            len = a[e->arg + 1] * e->value;
            break;
        case ST_SIZE_RET_MAX_ARG:
            len = a[e->size_arg];
            break;
        default:
            return 0;
        }
        if (len > FP_BUF_SIZE)
            return 0;
        n += sizeof(struct ev_mem) + pad8((size_t)len);
    }
    return n;
}

static size_t put_region(uint8_t *rec, size_t off, uint32_t *nmem, int dir, int arg,
                         uint64_t addr, size_t len)
{
    struct ev_mem *m = (struct ev_mem *)(rec + off);
    m->dir = (uint8_t)dir;
    m->arg = (uint8_t)arg;
    m->pad = 0;
    m->len = (uint32_t)len;
    m->addr = addr;
    off += sizeof *m;
    if (len & 7) /* the padding: zeros, before the bytes land over the rest */
        *(uint64_t *)(rec + off + (len & ~(size_t)7)) = 0;
    copy(rec + off, (const void *)addr, len);
    (*nmem)++;
    return off + pad8(len);
}

/* Write the record of a call that returned ret at rec; returns its size.
 * Regions as capture.c makes them: what the kernel read, then what it wrote. */
static size_t record(uint8_t *rec, const struct st_syscall *sc, const struct fp_call *c, long ret)
{
    struct ev_syscall *e = (struct ev_syscall *)rec;
    size_t off = sizeof *e;
    uint32_t nmem = 0;
    uint16_t flags = 0;
    int failed = IS_ERROR(ret);
    if (ret == -EFAULT)
        flags |= FLAG_MEM_TRUNCATED; /* some argument is not readable memory */
    for (unsigned i = 0; i < sc->n_effects && ret != -EFAULT; i++) {
        const struct st_effect *ef = &sc->effects[i];
        uint64_t ptr = c->a[ef->arg];
        if (ef->dir != ST_DIR_IN || ef->layout != ST_LAYOUT_FLAT || ptr == 0)
            continue;
        if (ef->size_kind == ST_SIZE_CSTR) {
            off = put_region(rec, off, &nmem, ST_DIR_IN, ef->arg, ptr,
                             cstr_len((const char *)ptr));
            continue;
        }
        uint64_t len = 0;
        if (st_flat_len(ef, c->a, 0, &len) && len)
            off = put_region(rec, off, &nmem, ST_DIR_IN, ef->arg, ptr, (size_t)len);
    }
    for (unsigned i = 0; i < sc->n_effects; i++) {
        const struct st_effect *ef = &sc->effects[i];
        uint64_t ptr = c->a[ef->arg], len = 0;
        if (ef->dir != ST_DIR_OUT || ef->layout != ST_LAYOUT_FLAT || ptr == 0 ||
            (failed && !ef->always) || !st_flat_len(ef, c->a, ret, &len))
            continue;
        if (len)
            off = put_region(rec, off, &nmem, ST_DIR_OUT, ef->arg, ptr, (size_t)len);
    }
    for (unsigned i = 0; i < sc->n_effects && !failed; i++) {
        const struct st_effect *ef = &sc->effects[i];
        if (ef->dir != ST_DIR_PATH || (int32_t)c->a[ef->arg] < 0)
            continue;
        /* as capture_fd_path: the bytes of the link, at address 0 */
        struct ev_mem *m = (struct ev_mem *)(rec + off);
        char *dst = (char *)(m + 1);
        size_t len = fd_path(c->a[ef->arg], dst);
        if (!len)
            continue;
        if (len & 7)
            memset(dst + len, 0, pad8(len) - len);
        *m = (struct ev_mem){.dir = ST_DIR_PATH, .arg = ef->arg, .len = (uint32_t)len, .addr = 0};
        off += sizeof *m + pad8(len);
        nmem++;
    }
    e->h.size = (uint32_t)off;
    e->h.type = EV_SYSCALL;
    e->h.flags = flags;
    e->seq = 0;
    e->pid = e->tid = 0; /* the tracer fills these in */
    e->nr = (int32_t)c->nr;
    e->nmem = nmem;
    for (int i = 0; i < 6; i++)
        e->args[i] = c->a[i];
    e->ret = ret;
    return off;
}

/* Leave the call to the stub's own `syscall` instruction, which the tracer
 * sees: entry.S goes there with the site's registers (rax = the number). */
static long traced(struct fp_call *c)
{
    c->go_on -= FP_STUB_TRACED_BACK;
    return (long)c->nr;
}

/* Ask the tracer for something; it answers without giving the token away. */
static void request(uint64_t what)
{
    struct fp_call r = {.nr = what};
    fp_traced_syscall(&r);
}

/* ---- replay: answering from recorded records ---- */

/* The effect of syscall sc that reads argument arg, if it is flat memory. */
static const struct st_effect *flat_input(const struct st_syscall *sc, unsigned arg)
{
    for (unsigned i = 0; i < sc->n_effects; i++) {
        const struct st_effect *e = &sc->effects[i];
        if (e->dir == ST_DIR_IN && e->arg == arg)
            return e->layout == ST_LAYOUT_FLAT ? e : 0;
    }
    return 0;
}

/* Does the memory the call reads through argument arg hold what the
 * recorded region r does? Compared as the tracer would capture it now. */
static int same_input(const struct st_syscall *sc, const struct fp_call *c,
                      const struct ev_mem *r)
{
    const struct st_effect *e = flat_input(sc, r->arg);
    if (!e)
        return 0;
    const uint8_t *now = (const uint8_t *)c->a[r->arg], *then = (const uint8_t *)(r + 1);
    if (e->size_kind == ST_SIZE_CSTR) {
        /* byte by byte: the string now may be shorter than the recorded one */
        for (uint32_t i = 0; i < r->len; i++)
            if (now[i] != then[i])
                return 0;
        return now[r->len] == 0;
    }
    uint64_t len = 0;
    if (!st_flat_len(e, c->a, 0, &len) || len != r->len)
        return 0;
    for (uint32_t i = 0; i < r->len; i++)
        if (now[i] != then[i])
            return 0;
    return 1;
}

/* The file record x maps, when it may be mapped itself (replay.c's
 * map_file_directly: the path region, at address 1 when unchanged). */
static const char *mapped_file(const struct ev_syscall *x)
{
    const uint8_t *p = (const uint8_t *)(x + 1), *end = (const uint8_t *)x + x->h.size;
    for (uint32_t i = 0; i < x->nmem && p + sizeof(struct ev_mem) <= end; i++) {
        const struct ev_mem *r = (const struct ev_mem *)p;
        if (r->dir == REGION_FILE_PATH)
            return r->addr == 1 ? (const char *)(r + 1) : 0;
        p += sizeof *r + pad8(r->len);
    }
    return 0;
}

/*
 * Make call c for real, as record x says replay does: an mmap placed where it
 * was recorded (a file's mapping maps the file itself, opened and closed
 * here), the others as they are. Returns 1 when the result is the recorded
 * one; else the call left nothing the tracer cannot do again (an mmap at a
 * taken place maps nothing, brk is idempotent) and the tracer takes it.
 */
static int run_for_real(const struct ev_syscall *x, const struct fp_call *c)
{
    uint64_t a[6];
    for (int i = 0; i < 6; i++)
        a[i] = c->a[i];
    switch (c->nr) {
    case 10: /* mprotect */
    case 11: /* munmap */
    case 28: /* madvise */
        if (over_hook(a[0], a[1]))
            return 0;
        break;
    case 9: /* mmap */
        if (IS_ERROR(x->ret))
            return 0;
        if (a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
            if (a[0] != (uint64_t)x->ret)
                return 0;
        } else {
            a[0] = (uint64_t)x->ret;
            a[3] |= MAP_FIXED_NOREPLACE;
        }
        if (over_hook(a[0], a[1]))
            return 0;
        if (x->h.flags & XF_MMAP_FILE) {
            const char *path = mapped_file(x);
            long fd = path ? sys6(257 /* openat */, (uint64_t)AT_FDCWD, (uint64_t)path,
                                  O_RDONLY | O_CLOEXEC, 0, 0, 0)
                           : -1;
            if (fd < 0)
                return 0;
            long r = sys6(9, a[0], a[1], a[2], a[3], (uint64_t)fd, a[5]);
            sys6(3 /* close */, (uint64_t)fd, 0, 0, 0, 0, 0);
            return r == x->ret;
        }
        break;
    default:
        break;
    }
    long r = sys6(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    return !(x->h.flags & XF_CHECK_RET) || r == x->ret;
}

/*
 * Answer the call from the next recorded record, if it is this call: the
 * same number, the same compared arguments (and the same null pointers), the
 * same bytes to read. Then the recorded memory is written where the call
 * points now, and the recorded result returned, with no syscall at all; a
 * call that rebuilds the process's state (flagged to run for real) is made.
 * Anything else goes to the tracer, which decides and reports as it would
 * without the hook. The tracer gives only records whose regions all lie at
 * their argument's pointer.
 */
static long replay(struct fp_call *c)
{
    volatile struct fp_ctl *ctl = CTL;
    uint64_t at = ctl->rp_next;
    if (at >= ctl->rp_end || c->nr > ST_MAX_SYSCALL)
        return traced(c);
    const struct ev_syscall *x = (const struct ev_syscall *)(BUF + at);
    const struct st_syscall *sc = &st_syscalls[c->nr];
    if ((uint64_t)(uint32_t)x->nr != c->nr || !sc->name)
        return traced(c);
    unsigned compared = (x->h.flags >> XF_ARGS_SHIFT) & 0x3f;
    for (unsigned i = 0; i < 6; i++) {
        int same = (compared & (1u << i)) ? x->args[i] == c->a[i]
                                          : (x->args[i] == 0) == (c->a[i] == 0);
        if (!same)
            return traced(c);
    }
    ctl->in_hook = FP_BEFORE_CALL;
    const uint8_t *p = (const uint8_t *)(x + 1), *end = (const uint8_t *)x + x->h.size;
    for (uint32_t i = 0; i < x->nmem && p + sizeof(struct ev_mem) <= end; i++) {
        const struct ev_mem *r = (const struct ev_mem *)p;
        if (r->arg >= 6 || (r->dir == ST_DIR_IN && !same_input(sc, c, r))) {
            ctl->in_hook = FP_IDLE;
            return traced(c);
        }
        p += sizeof *r + pad8(r->len);
    }
    if (x->h.flags & XF_REAL) {
        /* it rebuilds the process's own state: made for real, here (the
         * kernel writes what it writes); the recorded result stands */
        if (!run_for_real(x, c)) {
            ctl->in_hook = FP_IDLE;
            return traced(c);
        }
    } else {
        for (p = (const uint8_t *)(x + 1); p + sizeof(struct ev_mem) <= end;) {
            const struct ev_mem *r = (const struct ev_mem *)p;
            if (r->dir == ST_DIR_OUT)
                copy((void *)c->a[r->arg], r + 1, r->len);
            p += sizeof *r + pad8(r->len);
        }
    }
    long ret = x->ret;
    ctl->rp_next = at + x->h.size;
    ctl->in_hook = FP_IDLE;
    return ret;
}

long fp_hook(struct fp_call *c)
{
    volatile struct fp_ctl *ctl = CTL;
    if (ctl->replaying)
        return replay(c);
    if (ctl->in_hook != FP_IDLE || c->nr > ST_MAX_SYSCALL)
        return traced(c); /* a signal handler's call while we record: the tracer takes it */
    enum fp_class cls = fp_class_of(c->nr);
    const struct st_syscall *sc = &st_syscalls[c->nr];
    if (cls == FP_SLOW || !sc->name || !sc->described ||
        (ctl->traced[c->nr >> 3] & (1u << (c->nr & 7))))
        return traced(c); /* (the last: faults to inject, tracer.c) */
    size_t bound = record_bound(sc, c->a);
    if (bound == 0 || bound > FP_BUF_SIZE / 2)
        return traced(c);
    if (ctl->used + bound > FP_BUF_SIZE)
        request(FP_REQ_FLUSH);
    ctl->in_hook = FP_BEFORE_CALL;
    enum how how = plan(cls, c);
    uint64_t t0 = tsc_now();
    long ret = how == HOW_TRACED ? FP_WOULD_BLOCK : make_call(how, c);
    uint64_t t1 = tsc_now();
    if (ret == FP_WOULD_BLOCK) {
        ctl->in_hook = FP_IDLE;
        return traced(c);
    }
    ctl->in_hook = FP_AFTER_CALL;
    forget_changed_fds(c, ret);
    if (ctl->used + bound > FP_BUF_SIZE)
        request(FP_REQ_FLUSH); /* (a signal's tracer stop may have taken but kept them) */
    uint8_t *rec = BUF + ctl->used;
    size_t len = record(rec, sc, c, ret);
    ((struct ev_syscall *)rec)->t0 = t0;
    ((struct ev_syscall *)rec)->t1 = t1;
    ctl->used = (uint64_t)(rec - BUF) + len;
    ctl->last_ret = ret;
    ctl->in_hook = FP_IDLE;
    return ret;
}
