/*
 * The inverse of pack.c, for replay: a syscall record in the trace's own
 * MessagePack form (`[0, seq, pid, tid, nr, args, ret, mem?, flags?, start?,
 * duration?]`, mem as `[dir, arg, addr | nil, bytes]`) back into an
 * ev_syscall record, as replay_chunk.c reads the trace's chunks. A record
 * not in that form is reported as a corrupt expectation.
 */
#include <string.h>

#include "mpread.h"
#include "syscall_table.h"
#include "systape.h"

/* The C core's numbering of the trace's region directions (pack.c's trace_dir). */
int unpack_dir(int64_t dir)
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

int unpack_syscall(const uint8_t **p, const uint8_t *end, struct buf *out, int64_t *rec_flags)
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
            get_int(&c, &arg) < 0 || unpack_dir(dir) < 0 || arg < 0 || arg > 255)
            goto bad;
        if (c.p < c.end && *c.p == 0xc0) {
            c.p++; /* nil: the address is the argument's */
            addr = arg < 6 ? (int64_t)((struct ev_syscall *)(out->data + at))->args[arg] : 0;
        } else if (get_int(&c, &addr) < 0) {
            goto bad;
        }
        if (get_bin(&c, &bytes, &len) < 0)
            goto bad;
        struct ev_mem m = {.dir = (uint8_t)unpack_dir(dir), .arg = (uint8_t)arg, .len = len,
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
                           (uint16_t)(flags & 0xf)};
    if (rec_flags)
        *rec_flags = flags;
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
