/*
 * Reading MessagePack at a cursor, for the trace's records (unpack.c,
 * replay_chunk.c): the few forms the trace uses, each read checked against
 * the end of the bytes.
 */
#ifndef SYSTAPE_MPREAD_H
#define SYSTAPE_MPREAD_H

#include <stddef.h>
#include <stdint.h>

struct cursor {
    const uint8_t *p, *end;
};

static inline int take(struct cursor *c, size_t n, const uint8_t **at)
{
    if ((size_t)(c->end - c->p) < n)
        return -1;
    *at = c->p;
    c->p += n;
    return 0;
}

static inline uint64_t be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* A MessagePack integer (any width, signed or not) as 64 bits. */
static inline int get_int(struct cursor *c, int64_t *v)
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

static inline int get_array(struct cursor *c, uint32_t *n)
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

static inline int get_bin(struct cursor *c, const uint8_t **bytes, uint32_t *n)
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

/* A string (str 8/16/32 or fixstr), not NUL-terminated. */
static inline int get_str(struct cursor *c, const uint8_t **bytes, uint32_t *n)
{
    const uint8_t *t, *b;
    if (take(c, 1, &t) < 0)
        return -1;
    if ((*t & 0xe0) == 0xa0) {
        *n = *t & 0x1f;
        return take(c, *n, bytes);
    }
    if (*t < 0xd9 || *t > 0xdb)
        return -1;
    int w = 1 << (*t - 0xd9);
    if (take(c, (size_t)w, &b) < 0)
        return -1;
    *n = (uint32_t)be(b, w);
    return take(c, *n, bytes);
}

/* nil, consumed: 1; anything else, left: 0. */
static inline int get_nil(struct cursor *c)
{
    if (c->p < c->end && *c->p == 0xc0) {
        c->p++;
        return 1;
    }
    return 0;
}

/* true or false. */
static inline int get_bool(struct cursor *c, int *v)
{
    const uint8_t *t;
    if (take(c, 1, &t) < 0 || (*t != 0xc2 && *t != 0xc3))
        return -1;
    *v = *t == 0xc3;
    return 0;
}

/* Skip one value of any kind (nested at most `depth` deep). */
static inline int skip_value(struct cursor *c, int depth)
{
    const uint8_t *t, *b;
    if (depth < 0 || take(c, 1, &t) < 0)
        return -1;
    uint8_t tag = *t;
    uint64_t n = 0;
    int items = 0; /* array: n values; map: 2n */
    if (tag < 0x80 || tag >= 0xe0 || tag == 0xc0 || tag == 0xc2 || tag == 0xc3)
        return 0;
    if ((tag & 0xf0) == 0x80) {
        n = 2u * (tag & 0x0f);
        items = 1;
    } else if ((tag & 0xf0) == 0x90) {
        n = tag & 0x0f;
        items = 1;
    } else if ((tag & 0xe0) == 0xa0) {
        return take(c, tag & 0x1f, &b);
    } else {
        static const struct {
            uint8_t tag, lenw, fixed, kind; /* kind 0 bytes, 1 array, 2 map, 3 ext */
        } forms[] = {
            {0xc4, 1, 0, 0}, {0xc5, 2, 0, 0}, {0xc6, 4, 0, 0}, {0xc7, 1, 1, 3}, {0xc8, 2, 1, 3},
            {0xc9, 4, 1, 3}, {0xca, 0, 4, 0}, {0xcb, 0, 8, 0}, {0xcc, 0, 1, 0}, {0xcd, 0, 2, 0},
            {0xce, 0, 4, 0}, {0xcf, 0, 8, 0}, {0xd0, 0, 1, 0}, {0xd1, 0, 2, 0}, {0xd2, 0, 4, 0},
            {0xd3, 0, 8, 0}, {0xd4, 0, 2, 0}, {0xd5, 0, 3, 0}, {0xd6, 0, 5, 0}, {0xd7, 0, 9, 0},
            {0xd8, 0, 17, 0}, {0xd9, 1, 0, 0}, {0xda, 2, 0, 0}, {0xdb, 4, 0, 0}, {0xdc, 2, 0, 1},
            {0xdd, 4, 0, 1}, {0xde, 2, 0, 2}, {0xdf, 4, 0, 2},
        };
        for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
            if (forms[i].tag != tag)
                continue;
            if (forms[i].lenw && take(c, forms[i].lenw, &b) < 0)
                return -1;
            n = forms[i].lenw ? be(b, forms[i].lenw) : 0;
            if (forms[i].kind == 1 || forms[i].kind == 2) {
                n *= forms[i].kind;
                items = 1;
                break;
            }
            /* bytes: the length read, or the fixed size; ext: its type byte too */
            return take(c, (size_t)(forms[i].lenw ? n + forms[i].fixed : forms[i].fixed), &b);
        }
        if (!items)
            return -1; /* 0xc1: never used */
    }
    for (uint64_t i = 0; i < n; i++)
        if (skip_value(c, depth - 1) < 0)
            return -1;
    return 0;
}

#endif
