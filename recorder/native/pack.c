/*
 * Syscall records in the trace's own form (formats/trace/README.md,
 * "Records"): the MessagePack tuple `[0, seq, pid, tid, nr, args, ret, mem?,
 * flags?]` with mem as `[dir, arg, addr | nil, bytes]`. The fast path's
 * records are packed here, in batches, so that the TypeScript side only copies
 * them into the trace: at hundreds of thousands of calls a second, decoding
 * and re-encoding each would cost more than recording it.
 */
#include <string.h>

#include "syscall_table.h"
#include "systape.h"

static void put(struct buf *b, const void *src, size_t n)
{
    buf_append(b, src, n);
}

static void put_byte(struct buf *b, uint8_t v)
{
    put(b, &v, 1);
}

static void put_be(struct buf *b, uint8_t tag, uint64_t v, int bytes)
{
    uint8_t out[9];
    out[0] = tag;
    for (int i = 0; i < bytes; i++)
        out[1 + i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
    put(b, out, (size_t)bytes + 1);
}

/* The shortest MessagePack integer holding v. */
static void put_int(struct buf *b, int64_t v)
{
    if (v >= 0) {
        uint64_t u = (uint64_t)v;
        if (u < 128)
            put_byte(b, (uint8_t)u);
        else if (u < 0x100)
            put_be(b, 0xcc, u, 1);
        else if (u < 0x10000)
            put_be(b, 0xcd, u, 2);
        else if (u < 0x100000000ULL)
            put_be(b, 0xce, u, 4);
        else
            put_be(b, 0xcf, u, 8);
    } else if (v >= -32) {
        put_byte(b, (uint8_t)(int8_t)v);
    } else if (v >= -128) {
        put_be(b, 0xd0, (uint64_t)v, 1);
    } else if (v >= -32768) {
        put_be(b, 0xd1, (uint64_t)v, 2);
    } else if (v >= -2147483648LL) {
        put_be(b, 0xd2, (uint64_t)v, 4);
    } else {
        put_be(b, 0xd3, (uint64_t)v, 8);
    }
}

static void put_array(struct buf *b, uint32_t n)
{
    if (n < 16)
        put_byte(b, (uint8_t)(0x90 | n));
    else if (n < 0x10000)
        put_be(b, 0xdc, n, 2);
    else
        put_be(b, 0xdd, n, 4);
}

static void put_bin(struct buf *b, const uint8_t *bytes, uint32_t n)
{
    if (n < 0x100)
        put_be(b, 0xc4, n, 1);
    else if (n < 0x10000)
        put_be(b, 0xc5, n, 2);
    else
        put_be(b, 0xc6, n, 4);
    put(b, bytes, n);
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
    uint16_t flags = e->h.flags;
    int with_mem = flags != 0 || e->nmem > 0;
    put_array(b, 7 + (with_mem ? 1 : 0) + (flags != 0 ? 1 : 0));
    put_byte(b, 0);
    put_int(b, (int64_t)e->seq);
    put_int(b, e->pid);
    put_int(b, e->tid);
    put_int(b, e->nr);
    put_array(b, 6);
    for (int i = 0; i < 6; i++)
        put_int(b, (int64_t)e->args[i]);
    put_int(b, e->ret);
    if (!with_mem)
        return;
    put_array(b, e->nmem);
    const uint8_t *p = (const uint8_t *)(e + 1);
    for (uint32_t i = 0; i < e->nmem; i++) {
        const struct ev_mem *m = (const struct ev_mem *)p;
        put_array(b, 4);
        put_int(b, trace_dir(m->dir));
        put_int(b, m->arg);
        if (m->arg < 6 && e->args[m->arg] == m->addr)
            put_byte(b, 0xc0); /* nil: the address is the argument's */
        else
            put_int(b, (int64_t)m->addr);
        put_bin(b, p + sizeof *m, m->len);
        p += sizeof *m + ((m->len + 7) & ~7u);
    }
    if (flags != 0)
        put_int(b, flags);
}
