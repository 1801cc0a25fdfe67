/*
 * A recorded call as replay sees it: walking its memory regions, deciding
 * whether the call a thread is making matches it (numbers, the arguments
 * that hold values, and the bytes the kernel would read), and echoing what
 * it wrote to stdout or stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <unistd.h>

#include "replay.h"
#include "syscall_table.h"

/* ---- walking a recorded syscall's memory regions ---- */

int next_region(const struct ev_syscall *x, size_t size, size_t *off, struct region *r)
{
    if (*off + sizeof(struct ev_mem) > size)
        return 0;
    r->m = (const struct ev_mem *)((const uint8_t *)x + *off);
    r->bytes = (const uint8_t *)(r->m + 1);
    *off += sizeof(struct ev_mem) + ((r->m->len + 7u) & ~7u);
    return *off <= size;
}

/* Layout of the effect syscall nr has on argument arg (FLAT if none). */
static int arg_layout(uint32_t nr, int arg)
{
    const struct st_syscall *sc = syscall_info(nr);
    if (!sc)
        return ST_LAYOUT_FLAT;
    for (unsigned i = 0; i < sc->n_effects; i++)
        if (sc->effects[i].arg == arg && sc->effects[i].layout != ST_LAYOUT_FLAT)
            return sc->effects[i].layout;
    return ST_LAYOUT_FLAT;
}

/* Input regions that hold addresses (iovec arrays, msghdr structs) are not
 * compared: capture puts them first among their argument's regions. */
int holds_addresses(uint32_t nr, int arg, int ordinal)
{
    switch (arg_layout(nr, arg)) {
    case ST_LAYOUT_IOVEC:
        return ordinal == 0;
    case ST_LAYOUT_MSGHDR:
        return ordinal < 2;
    case ST_LAYOUT_MMSGHDR:
        return 1;
    default:
        return 0;
    }
}

/* The next input region worth comparing; ordinals count per argument. */
int next_compared(const struct ev_syscall *x, size_t size, size_t *off, struct region *r,
                         int ordinals[8])
{
    while (next_region(x, size, off, r)) {
        if (r->m->dir != ST_DIR_IN)
            continue;
        int arg = r->m->arg < 8 ? r->m->arg : 7;
        if (!holds_addresses((uint32_t)x->nr, r->m->arg, ordinals[arg]++))
            return 1;
    }
    return 0;
}

struct ev_syscall *actual_call(struct thread *t)
{
    struct ev_syscall *a = (struct ev_syscall *)t->rec.data;
    a->nr = (int32_t)t->nr;
    return a;
}

/* Does the call thread t is entering match the recorded one? */
int call_matches(struct thread *t, const struct ev_syscall *x)
{
    if ((uint32_t)x->nr != t->nr)
        return 0;
    unsigned mask = (x->h.flags >> XF_ARGS_SHIFT) & 0x3f;
    for (int i = 0; i < 6; i++)
        if ((mask & (1u << i)) && x->args[i] != t->args[i])
            return 0;
    /* input bytes (paths, payloads), in capture order */
    struct ev_syscall *a = actual_call(t);
    size_t xo = sizeof *x, ao = sizeof *a;
    struct region xr, ar;
    int xord[8] = {0}, aord[8] = {0};
    for (;;) {
        int xn = next_compared(x, x->h.size, &xo, &xr, xord);
        int an = next_compared(a, t->rec.len, &ao, &ar, aord);
        if (!xn || !an)
            return xn == an;
        if (xr.m->arg != ar.m->arg || xr.m->len != ar.m->len ||
            memcmp(xr.bytes, ar.bytes, xr.m->len) != 0)
            return 0;
    }
}

/* ---- echo ---- */

void echo_bytes(struct tracer *tr, int fd, const uint8_t *bytes, uint32_t n)
{
    size_t size = (sizeof(struct ev_echo) + n + 7) & ~(size_t)7;
    struct buf b = {0};
    struct ev_echo *e = buf_append(&b, NULL, size);
    if (e) {
        memset(e, 0, size);
        e->h.size = (uint32_t)size;
        e->h.type = EV_ECHO;
        e->fd = fd;
        e->len = n;
        memcpy(e + 1, bytes, n);
        out_event(&tr->s->out, b.data, b.len);
    }
    buf_free(&b);
}

/*
 * Echo the bytes a recorded call sent to the original stdout or stderr: a
 * write's buffer or buffers (argument 1, not the iovec array itself), or the
 * bytes sendfile and the like moved there from a file.
 */
void echo(struct tracer *tr, const struct ev_syscall *x)
{
    if (x->ret <= 0)
        return;
    uint64_t left = (uint64_t)x->ret;
    size_t off = sizeof *x;
    struct region r;
    int ordinal = 0;
    while (left && next_region(x, x->h.size, &off, &r)) {
        int payload = r.m->dir == ST_DIR_DATA ||
                      (r.m->dir == ST_DIR_IN && r.m->arg == 1 &&
                       !holds_addresses((uint32_t)x->nr, 1, ordinal++));
        if (!payload)
            continue;
        uint32_t n = r.m->len < left ? r.m->len : (uint32_t)left;
        echo_bytes(tr, (x->h.flags & XF_ECHO_STDERR) ? 2 : 1, r.bytes, n);
        left -= n;
    }
}
