/*
 * Types of the syscall table the tracer reads. The data lives in
 * generated/syscall_effects.h, generated from formats/syscalls/ (the single
 * source of truth) by `npm run gen:native`; a test keeps the two in step.
 */
#ifndef SYSTAPE_SYSCALL_TABLE_H
#define SYSTAPE_SYSCALL_TABLE_H

#include <stdint.h>

/* Size kinds: see SizeSpec in formats/syscalls/types.ts. */
enum st_size_kind {
    ST_SIZE_NONE = 0,     /* layout decides */
    ST_SIZE_FIXED = 1,    /* value bytes */
    ST_SIZE_ARG = 2,      /* args[size_arg] * value */
    ST_SIZE_RET = 3,      /* ret * value, when ret > 0 */
    ST_SIZE_RET_MAX_ARG = 4, /* min(ret, args[size_arg]) */
    ST_SIZE_LENPTR = 5,   /* min(*(u32*)args[size_arg] at entry, at exit) */
    ST_SIZE_CSTR = 6,     /* NUL-terminated, at most 4096 bytes */
};

/* Indirect layouts: see Layout in formats/syscalls/types.ts. */
enum st_layout {
    ST_LAYOUT_FLAT = 0,
    ST_LAYOUT_IOVEC = 1,
    ST_LAYOUT_MSGHDR = 2,
    ST_LAYOUT_MMSGHDR = 3,
    ST_LAYOUT_ARGV = 4,
    ST_LAYOUT_IOCTL = 5,
    ST_LAYOUT_FCNTL = 6,
    ST_LAYOUT_SOCKOPT = 7,
    ST_LAYOUT_EPOLL_CTL = 8,
    ST_LAYOUT_FDSET = 9,
};

/* DATA: bytes moved between descriptors in the kernel (sendfile...), read
 * back from the source file. PATH: the path of the file at a descriptor
 * argument (what an mmap maps). 2 is taken by replay's REGION_FILE_PATH. */
enum st_dir { ST_DIR_IN = 0, ST_DIR_OUT = 1, ST_DIR_DATA = 3, ST_DIR_PATH = 4 };

struct st_effect {
    uint8_t dir;       /* enum st_dir */
    uint8_t arg;       /* argument holding the pointer */
    uint8_t layout;    /* enum st_layout */
    uint8_t size_kind; /* enum st_size_kind */
    uint8_t always;    /* out effects: 1 = captured even when the call failed */
    uint8_t count_arg; /* iovec/mmsghdr: argument with the element count (0xff: none);
                          DATA: argument with the source offset pointer */
    uint8_t size_arg;  /* ARG/RET_MAX_ARG/LENPTR: the argument */
    uint8_t pad;
    uint32_t value;    /* FIXED: bytes; ARG/RET: multiplier */
};

struct st_syscall {
    const char *name;              /* NULL: no such syscall number */
    uint8_t described;             /* 0: record raw arguments only, flagged */
    uint8_t n_effects;
    const struct st_effect *effects;
};

/* ioctl requests whose memory effect is not encoded in _IOC bits (terminal ioctls). */
struct st_ioctl {
    uint32_t request;
    uint8_t dir;   /* enum st_dir; 0xff: no memory */
    uint32_t size; /* bytes at argument 2 */
};

/* The length of a flat region whose size kind needs only the arguments and
 * the result (FIXED, ARG, RET, RET_MAX_ARG): 1 with *len set, else 0.
 * Shared by the tracer (capture.c) and the in-process hook. */
static inline int st_flat_len(const struct st_effect *e, const uint64_t *args, int64_t ret,
                              uint64_t *len)
{
    switch (e->size_kind) {
    case ST_SIZE_FIXED:
        *len = e->value;
        return 1;
    case ST_SIZE_ARG:
        *len = args[e->size_arg] * e->value;
        return 1;
    case ST_SIZE_RET:
        *len = ret > 0 ? (uint64_t)ret * e->value : 0;
        return 1;
    case ST_SIZE_RET_MAX_ARG:
        *len = ret <= 0 ? 0 : (uint64_t)ret < args[e->size_arg] ? (uint64_t)ret : args[e->size_arg];
        return 1;
    default:
        return 0;
    }
}

#endif
