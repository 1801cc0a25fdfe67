/*
 * The inverse of pack.c, for replay: syscall records in the trace's own
 * MessagePack form (`[0, seq, pid, tid, nr, args, ret, mem?, flags?, start?,
 * duration?]`, mem as
 * `[dir, arg, addr | nil, bytes]`) back into ev_syscall records. TypeScript
 * hands replay most calls this way, straight from the trace's chunks, with
 * only the replay flags it computed beside them: decoding and re-encoding
 * each of hundreds of thousands of records in JavaScript would cost more
 * than replaying them.
 *
 * TypeScript sends only records whose form it checked (replayer/packed.ts);
 * anything else here is reported as a corrupt expectation.
 */
#include <string.h>

#include "syscall_table.h"
#include "systape.h"

struct cursor {
    const uint8_t *p, *end;
};

static int take(struct cursor *c, size_t n, const uint8_t **at)
{
    if ((size_t)(c->end - c->p) < n)
        return -1;
    *at = c->p;
    c->p += n;
    return 0;
}

static uint64_t be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* A MessagePack integer (any width, signed or not) as 64 bits. */
static int get_int(struct cursor *c, int64_t *v)
{
    const uint8_t *t, *b;
    if (take(c, 1, &t) < 0)
        return -1;
    uint8_t tag = *t;
    if (tag < 0x80 || tag >= 0xe0) {
        *v = tag < 0x80 ? (int64_t)tag : (int64_t)(int8_t)tag; /* fixints */
        return 0;
    }
    static const int width[] = {1, 2, 4, 8};
    if (tag >= 0xcc && tag <= 0xcf) {
        int n = width[tag - 0xcc];
        if (take(c, (size_t)n, &b) < 0)
            return -1;
        *v = (int64_t)be(b, n);
        return 0;
    }
    if (tag >= 0xd0 && tag <= 0xd3) {
        int n = width[tag - 0xd0];
        if (take(c, (size_t)n, &b) < 0)
            return -1;
        uint64_t u = be(b, n);
        int shift = 64 - 8 * n;
        *v = shift ? (int64_t)(u << shift) >> shift : (int64_t)u; /* sign-extend */
        return 0;
    }
    return -1;
}

static int get_array(struct cursor *c, uint32_t *n)
{
    const uint8_t *t, *b;
    if (take(c, 1, &t) < 0)
        return -1;
    if ((*t & 0xf0) == 0x90) {
        *n = *t & 0x0f;
        return 0;
    }
    int w = *t == 0xdc ? 2 : *t == 0xdd ? 4 : 0;
    if (!w || take(c, (size_t)w, &b) < 0)
        return -1;
    *n = (uint32_t)be(b, w);
    return 0;
}

static int get_bin(struct cursor *c, const uint8_t **bytes, uint32_t *n)
{
    const uint8_t *t, *b;
    if (take(c, 1, &t) < 0 || *t < 0xc4 || *t > 0xc6)
        return -1;
    int w = 1 << (*t - 0xc4);
    if (take(c, (size_t)w, &b) < 0)
        return -1;
    *n = (uint32_t)be(b, w);
    return take(c, *n, bytes);
}

/* The C core's numbering of the trace's region directions (pack.c's trace_dir). */
static int c_dir(int64_t dir)
{
    switch (dir) {
    case 0:
        return ST_DIR_IN;
    case 1:
        return ST_DIR_OUT;
    case 2:
        return ST_DIR_DATA;
    case 3:
        return ST_DIR_PATH;
    default:
        return -1;
    }
}

int unpack_syscall(const uint8_t **p, const uint8_t *end, uint16_t xflags, struct buf *out)
{
    struct cursor c = {*p, end};
    uint32_t n, nargs;
    int64_t tag, seq, pid, tid, nr, ret, flags = 0, start, duration;
    if (get_array(&c, &n) < 0 || n < 7 || n > 11 || n == 10 || get_int(&c, &tag) < 0 || tag != 0 ||
        get_int(&c, &seq) < 0 || get_int(&c, &pid) < 0 || get_int(&c, &tid) < 0 ||
        get_int(&c, &nr) < 0 || get_array(&c, &nargs) < 0 || nargs > 6)
        return -1;
    size_t at = out->len;
    struct ev_syscall *e = buf_append(out, NULL, sizeof *e);
    if (!e)
        return -1;
    memset(e, 0, sizeof *e);
    for (uint32_t i = 0; i < nargs; i++) {
        int64_t a;
        if (get_int(&c, &a) < 0)
            goto bad;
        ((struct ev_syscall *)(out->data + at))->args[i] = (uint64_t)a;
    }
    if (get_int(&c, &ret) < 0)
        goto bad;
    uint32_t nmem = 0;
    if (n >= 8 && get_array(&c, &nmem) < 0)
        goto bad;
    for (uint32_t i = 0; i < nmem; i++) {
        uint32_t four, len;
        int64_t dir, arg, addr;
        const uint8_t *bytes;
        if (get_array(&c, &four) < 0 || four != 4 || get_int(&c, &dir) < 0 ||
            get_int(&c, &arg) < 0 || c_dir(dir) < 0 || arg < 0 || arg > 255)
            goto bad;
        if (c.p < c.end && *c.p == 0xc0) {
            c.p++; /* nil: the address is the argument's */
            addr = arg < 6 ? (int64_t)((struct ev_syscall *)(out->data + at))->args[arg] : 0;
        } else if (get_int(&c, &addr) < 0) {
            goto bad;
        }
        if (get_bin(&c, &bytes, &len) < 0)
            goto bad;
        struct ev_mem m = {.dir = (uint8_t)c_dir(dir), .arg = (uint8_t)arg, .len = len,
                           .addr = (uint64_t)addr};
        size_t padded = ((size_t)len + 7) & ~(size_t)7;
        uint8_t *dst;
        if (!buf_append(out, &m, sizeof m) || !(dst = buf_append(out, NULL, padded)))
            goto bad;
        memcpy(dst, bytes, len);
        memset(dst + len, 0, padded - len);
    }
    if (n >= 9 && get_int(&c, &flags) < 0)
        goto bad;
    /* the call's time: replay has no use for it */
    if (n == 11 && (get_int(&c, &start) < 0 || get_int(&c, &duration) < 0))
        goto bad;
    e = (struct ev_syscall *)(out->data + at);
    e->h = (struct ev_hdr){(uint32_t)(out->len - at), EV_SYSCALL,
                           (uint16_t)((flags & 0xf) | xflags)};
    e->seq = (uint64_t)seq;
    e->pid = (int32_t)pid;
    e->tid = (int32_t)tid;
    e->nr = (int32_t)nr;
    e->nmem = nmem;
    e->ret = ret;
    *p = c.p;
    return 0;
bad:
    out->len = at;
    return -1;
}
