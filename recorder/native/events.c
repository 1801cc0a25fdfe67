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
#include <unistd.h>

#include "systape.h"

/* Write to the pipe once this much is pending; large enough to amortise the
 * write, small enough to keep the reader busy in parallel. */
#define FLUSH_THRESHOLD (256 * 1024)

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
    pthread_mutex_init(&o->mu, NULL);
    memset(&o->pending, 0, sizeof o->pending);
    o->fd = fd;
    o->failed = 0;
}

/* Caller holds o->mu. */
static void write_pending(struct outstream *o)
{
    size_t off = 0;
    while (off < o->pending.len && !o->failed) {
        ssize_t n = write(o->fd, o->pending.data + off, o->pending.len - off);
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
    o->pending.len = 0;
}

void out_event(struct outstream *o, const void *ev, size_t len)
{
    pthread_mutex_lock(&o->mu);
    if (!o->failed)
        buf_append(&o->pending, ev, len);
    if (o->pending.len >= FLUSH_THRESHOLD)
        write_pending(o);
    pthread_mutex_unlock(&o->mu);
}

void out_flush(struct outstream *o)
{
    pthread_mutex_lock(&o->mu);
    if (o->pending.len)
        write_pending(o);
    pthread_mutex_unlock(&o->mu);
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
