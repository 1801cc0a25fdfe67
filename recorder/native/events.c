/*
 * The event stream: packed binary events written to a pipe that TypeScript
 * reads in large batches (one read per batch, not one FFI call per event).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "systape.h"

/* Write to the pipe once this much is pending; large enough to amortise the
 * write, small enough to keep the reader busy in parallel. */
#define FLUSH_THRESHOLD (256 * 1024)
/* The tracer writes itself past this much: the reader is far behind. */
#define MAX_PENDING (64 * 1024 * 1024)

void fault_in(void *start, size_t len, int write_each)
{
    uintptr_t from = ((uintptr_t)start + 4095) & ~(uintptr_t)4095;
    uintptr_t to = ((uintptr_t)start + len) & ~(uintptr_t)4095;
    if (to <= from)
        return;
    madvise((void *)from, to - from, MADV_POPULATE_WRITE);
    /* Populated, a page still costs microseconds at its first write in a VM
     * (the host backs it then): write each, adding 0, which leaves alone what
     * another thread may be writing there already. */
    for (uintptr_t p = from; write_each && p < to; p += 4096)
        __atomic_fetch_add((uint8_t *)p, 0, __ATOMIC_RELAXED);
}

int buf_reserve(struct buf *b, size_t extra)
{
    if (b->len + extra <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra)
        cap *= 2;
    uint8_t *p = realloc(b->data, cap);
    if (!p)
        return -ENOMEM;
    /* Fault the new pages in with one call (a fault each costs microseconds
     * in a VM, and the tracees wait while we take them). */
    if (cap >= 128 * 1024)
        fault_in(p + b->cap, cap - b->cap, 0);
    b->data = p;
    b->cap = cap;
    return 0;
}

int buf_presize(struct buf *b, size_t cap)
{
    if (cap <= b->cap)
        return 0;
    uint8_t *p = realloc(b->data, cap);
    if (!p)
        return -ENOMEM;
    b->data = p;
    b->cap = cap;
    return 0;
}

void *buf_append(struct buf *b, const void *src, size_t n)
{
    if (buf_reserve(b, n) < 0)
        return NULL;
    void *dst = b->data + b->len;
    if (src)
        memcpy(dst, src, n);
    b->len += n;
    return dst;
}

void *buf_append_pad8(struct buf *b, size_t n)
{
    size_t padded = (n + 7) & ~(size_t)7;
    if (buf_reserve(b, padded) < 0)
        return NULL;
    void *dst = b->data + b->len;
    memset((uint8_t *)dst + n, 0, padded - n);
    b->len += padded;
    return dst;
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void out_init(struct outstream *o, int fd)
{
    memset(o, 0, sizeof *o);
    pthread_mutex_init(&o->mu, NULL);
    pthread_mutex_init(&o->wmu, NULL);
    o->fd = fd;
}

/* The bytes to write for b: its events, with runs of raw syscall records
 * packed (here, in the writer, so that the tracer, which shares a CPU with
 * its tracees, only copies them), into o->conv. */
static const struct buf *convert(struct outstream *o, struct buf *b)
{
    struct buf *c = &o->conv;
    c->len = 0;
    timing_refresh(); /* (the rate raw records' times are stamped at) */
    for (size_t off = 0; off + sizeof(struct ev_hdr) <= b->len;) {
        const struct ev_hdr *h = (const struct ev_hdr *)(b->data + off);
        if (h->size == 0)
            break;
        size_t n = 0;
        if (h->type == EV_RAW_SYSCALL)
            n = pack_raw_run(c, &o->packed, b->data + off, b->len - off, o->origin_tsc);
        if (n == 0) {
            n = h->size;
            if (h->type != EV_RAW_SYSCALL)
                buf_append(c, h, n);
        }
        off += n;
    }
    return c;
}

/* Write out what is pending, outside o->mu, so that out_event never waits
 * for the pipe. */
static void drain(struct outstream *o)
{
    pthread_mutex_lock(&o->wmu);
    pthread_mutex_lock(&o->mu);
    struct buf b = o->pending;
    o->pending = o->writing;
    o->pending.len = 0;
    o->woken = 0;
    pthread_mutex_unlock(&o->mu);
    const struct buf *w = o->failed ? &b : convert(o, &b);
    size_t off = 0;
    while (off < w->len && !o->failed) {
        ssize_t n = write(o->fd, w->data + off, w->len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            /* EPIPE: the reader is gone. The tracees still need a tracer to
             * finish, so keep tracing and drop the events. */
            o->failed = 1;
            break;
        }
        off += (size_t)n;
    }
    b.len = 0;
    o->writing = b;
    pthread_mutex_unlock(&o->wmu);
}

void out_event(struct outstream *o, const void *ev, size_t len)
{
    pthread_mutex_lock(&o->mu);
    if (!o->failed)
        buf_append(&o->pending, ev, len);
    out_commit(o, 0);
}

void *out_reserve(struct outstream *o, size_t len)
{
    pthread_mutex_lock(&o->mu);
    if (!o->failed && buf_reserve(&o->pending, len) == 0)
        return o->pending.data + o->pending.len;
    pthread_mutex_unlock(&o->mu);
    return NULL;
}

void out_commit(struct outstream *o, size_t used)
{
    o->pending.len += used;
    size_t pending = o->pending.len;
    int wake = pending >= FLUSH_THRESHOLD && o->wake && pending < MAX_PENDING;
    if (wake && !o->woken) {
        o->woken = 1;
        o->wake(o->wake_arg);
    }
    pthread_mutex_unlock(&o->mu);
    if (pending >= FLUSH_THRESHOLD && !wake)
        drain(o);
}

void out_flush(struct outstream *o)
{
    drain(o);
}

void out_error(struct outstream *o, int err, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof msg)
        n = sizeof msg - 1;
    uint8_t ev[sizeof(struct ev_error) + sizeof msg + 8];
    struct ev_error *e = (struct ev_error *)ev;
    size_t size = (sizeof *e + (size_t)n + 7) & ~(size_t)7;
    memset(ev, 0, size);
    e->h.size = (uint32_t)size;
    e->h.type = EV_ERROR;
    e->err = err;
    e->len = (uint32_t)n;
    memcpy(ev + sizeof *e, msg, (size_t)n);
    out_event(o, ev, size);
}
