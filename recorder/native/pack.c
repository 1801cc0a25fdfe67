/*
 * Syscall records in the trace's own form (formats/trace/README.md,
 * "Records"): the MessagePack tuple `[0, seq, pid, tid, nr, args, ret, mem?,
 * flags?]` with mem as `[dir, arg, addr | nil, bytes]`. The fast path's
 * records are packed here, in batches, so that the TypeScript side only copies
 * them into the trace: at hundreds of thousands of calls a second, decoding
 * and re-encoding each would cost more than recording it.
 */
#include <string.h>
#include <sys/syscall.h>

#include "syscall_table.h"
#include "systape.h"

/* Writers at a cursor in space reserved beforehand (pack_syscall reserves
 * the most a record can take): one check per record, not per byte. */

static uint8_t *put_be(uint8_t *p, uint8_t tag, uint64_t v, int bytes)
{
    *p++ = tag;
    for (int i = bytes - 1; i >= 0; i--)
        *p++ = (uint8_t)(v >> (8 * i));
    return p;
}

/* The shortest MessagePack integer holding v. */
static uint8_t *put_int(uint8_t *p, int64_t v)
{
    if (v >= 0) {
        uint64_t u = (uint64_t)v;
        if (u < 128) {
            *p = (uint8_t)u;
            return p + 1;
        }
        if (u < 0x100)
            return put_be(p, 0xcc, u, 1);
        if (u < 0x10000)
            return put_be(p, 0xcd, u, 2);
        if (u < 0x100000000ULL)
            return put_be(p, 0xce, u, 4);
        return put_be(p, 0xcf, u, 8);
    }
    if (v >= -32) {
        *p = (uint8_t)(int8_t)v;
        return p + 1;
    }
    if (v >= -128)
        return put_be(p, 0xd0, (uint64_t)v, 1);
    if (v >= -32768)
        return put_be(p, 0xd1, (uint64_t)v, 2);
    if (v >= -2147483648LL)
        return put_be(p, 0xd2, (uint64_t)v, 4);
    return put_be(p, 0xd3, (uint64_t)v, 8);
}

static uint8_t *put_array(uint8_t *p, uint32_t n)
{
    if (n < 16) {
        *p = (uint8_t)(0x90 | n);
        return p + 1;
    }
    if (n < 0x10000)
        return put_be(p, 0xdc, n, 2);
    return put_be(p, 0xdd, n, 4);
}

static uint8_t *put_bin(uint8_t *p, const uint8_t *bytes, uint32_t n)
{
    if (n < 0x100)
        p = put_be(p, 0xc4, n, 1);
    else if (n < 0x10000)
        p = put_be(p, 0xc5, n, 2);
    else
        p = put_be(p, 0xc6, n, 4);
    memcpy(p, bytes, n);
    return p + n;
}

/* The trace's numbering of region directions (MemRegion.dir). */
static int64_t trace_dir(uint8_t dir)
{
    switch (dir) {
    case ST_DIR_OUT:
        return 1;
    case ST_DIR_DATA:
        return 2;
    case ST_DIR_PATH:
        return 3;
    default:
        return 0;
    }
}

void pack_syscall(struct buf *b, const struct ev_syscall *e)
{
    /* at most: 12 integers of 9 bytes and a few headers, and per region its
     * bytes (already counted in h.size) with 4 headers of at most 9 */
    if (buf_reserve(b, (size_t)e->h.size + 160 + 40 * (size_t)e->nmem) < 0)
        return;
    uint8_t *out = b->data + b->len;
    uint16_t flags = e->h.flags;
    int with_time = e->t1 != 0; /* (stamped: timing.c) */
    int with_flags = flags != 0 || with_time;
    int with_mem = with_flags || e->nmem > 0;
    out = put_array(out, 7 + (with_mem ? 1 : 0) + (with_flags ? 1 : 0) + (with_time ? 2 : 0));
    *out++ = 0;
    out = put_int(out, (int64_t)e->seq);
    out = put_int(out, e->pid);
    out = put_int(out, e->tid);
    out = put_int(out, e->nr);
    out = put_array(out, 6);
    for (int i = 0; i < 6; i++)
        out = put_int(out, (int64_t)e->args[i]);
    out = put_int(out, e->ret);
    if (with_mem) {
        out = put_array(out, e->nmem);
        const uint8_t *p = (const uint8_t *)(e + 1);
        for (uint32_t i = 0; i < e->nmem; i++) {
            const struct ev_mem *m = (const struct ev_mem *)p;
            out = put_array(out, 4);
            out = put_int(out, trace_dir(m->dir));
            out = put_int(out, m->arg);
            if (m->arg < 6 && e->args[m->arg] == m->addr)
                *out++ = 0xc0; /* nil: the address is the argument's */
            else
                out = put_int(out, (int64_t)m->addr);
            out = put_bin(out, p + sizeof *m, m->len);
            p += sizeof *m + ((m->len + 7) & ~7u);
        }
        if (with_flags)
            out = put_int(out, flags);
        if (with_time) {
            out = put_int(out, (int64_t)e->t0);
            out = put_int(out, (int64_t)e->t1);
        }
    }
    b->len = (size_t)(out - b->data);
}

int pack_maps_file(const struct ev_syscall *e)
{
    const uint8_t *p = (const uint8_t *)(e + 1), *end = (const uint8_t *)e + e->h.size;
    for (uint32_t i = 0; i < e->nmem && p + sizeof(struct ev_mem) <= end; i++) {
        const struct ev_mem *m = (const struct ev_mem *)p;
        if (m->dir == ST_DIR_PATH)
            return 1;
        p += sizeof *m + ((m->len + 7) & ~7u);
    }
    return 0;
}

/* TypeScript takes records in batches of at most this much. */
#define BATCH_BYTES (256u << 10)
#define BATCH_RECORDS 4096u

/* Append the batch in b (an ev_packed header, then count records packed with
 * pack_syscall) to out as one EV_PACKED event; empties b. */
static void put_batch(struct buf *out, struct buf *b, uint32_t count, uint16_t flags)
{
    size_t body = b->len - sizeof(struct ev_packed);
    struct ev_packed *ev = (struct ev_packed *)b->data;
    size_t padded = (b->len + 7) & ~(size_t)7;
    ev->h = (struct ev_hdr){(uint32_t)padded, EV_PACKED, flags};
    ev->count = count;
    ev->len = (uint32_t)body;
    uint8_t *dst = buf_append(out, b->data, b->len);
    if (dst && padded > b->len)
        buf_append(out, "\0\0\0\0\0\0\0", padded - b->len);
    b->len = 0;
}

size_t pack_raw_run(struct buf *out, struct buf *scratch, uint8_t *p, size_t len,
                    uint64_t origin_tsc)
{
    size_t off = 0;
    uint32_t count = 0;
    scratch->len = 0;
    while (off + sizeof(struct ev_syscall) <= len) {
        struct ev_syscall *e = (struct ev_syscall *)(p + off);
        if (e->h.type != EV_RAW_SYSCALL || e->h.size < sizeof *e || e->h.size > len - off)
            break;
        timing_stamp(e, origin_tsc);
        /* A file's mapping goes in a batch of its own, the only kind that
         * TypeScript decodes (for the mapped files): the rest it only copies. */
        int maps = e->nr == SYS_mmap && pack_maps_file(e);
        if (maps && count) {
            put_batch(out, scratch, count, 0);
            count = 0;
        }
        if (scratch->len == 0 && !buf_append(scratch, NULL, sizeof(struct ev_packed)))
            break;
        pack_syscall(scratch, e);
        off += e->h.size;
        if (++count == BATCH_RECORDS || scratch->len >= BATCH_BYTES || maps) {
            put_batch(out, scratch, count, maps ? EVP_MAPS : 0);
            count = 0;
        }
    }
    if (count)
        put_batch(out, scratch, count, 0);
    return off;
}
