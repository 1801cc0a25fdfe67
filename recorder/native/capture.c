/*
 * Which tracee memory a syscall reads (captured at entry) or writes (captured
 * at exit), driven by the table generated from formats/syscalls/. Replay writes
 * the 'out' regions back and compares the 'in' ones, so sizes must be exact:
 * never more than the kernel wrote.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "syscall_table.h"
#include "systape.h"
#include "generated/syscall_effects.h"

_Static_assert(2 * ST_MAX_EFFECTS <= MAX_ENTRY_VALUES, "entry_values too small for the table");

/* Bounds on what one call may make us copy; beyond them the record is marked
 * truncated rather than exhausting memory. */
#define MAX_REGION (64u << 20)
#define MAX_IOV 1024
#define MAX_ARGV 65536
#define MAX_ARG_STRLEN (128u << 10)
#define MAX_CSTR 4096
#define MAX_SOCKADDR 128
#define FLAG_MEM_TRUNCATED 8

#define IS_ERROR(ret) ((ret) < 0 && (ret) >= -4095)

/* Append a region of len bytes (cut to MAX_REGION) and return where its
 * bytes go; NULL, with the record unchanged, when memory runs out. */
static uint8_t *region_start(struct thread *t, int dir, int arg, uint64_t addr, size_t *len)
{
    if (*len > MAX_REGION) {
        *len = MAX_REGION;
        t->rec_flags |= FLAG_MEM_TRUNCATED;
    }
    size_t start = t->rec.len;
    uint8_t *dst = NULL;
    if (buf_append(&t->rec, NULL, sizeof(struct ev_mem)))
        dst = buf_append_pad8(&t->rec, *len);
    if (!dst) {
        t->rec.len = start;
        t->rec_flags |= FLAG_MEM_TRUNCATED;
        return NULL;
    }
    /* the header, now that the buffer will not move again */
    struct ev_mem *m = (struct ev_mem *)(t->rec.data + start);
    *m = (struct ev_mem){.dir = (uint8_t)dir, .arg = (uint8_t)arg, .len = (uint32_t)*len, .addr = addr};
    t->nmem++;
    return dst;
}

/* Take back the region just started: its bytes could not be read. */
static void region_drop(struct thread *t, size_t len)
{
    t->rec.len -= sizeof(struct ev_mem) + ((len + 7) & ~(size_t)7);
    t->nmem--;
    t->rec_flags |= FLAG_MEM_TRUNCATED;
}

void capture_region(struct thread *t, int dir, int arg, uint64_t addr, size_t len)
{
    if (addr == 0 || len == 0)
        return;
    uint8_t *dst = region_start(t, dir, arg, addr, &len);
    if (dst && mem_read(t->tid, addr, dst, len) < 0)
        region_drop(t, len);
}

static void capture_cstr(struct thread *t, int arg, uint64_t addr)
{
    if (addr == 0)
        return;
    size_t start = t->rec.len;
    if (!buf_append(&t->rec, NULL, sizeof(struct ev_mem)))
        return;
    long n = mem_read_cstr(t->tid, addr, &t->rec, MAX_CSTR);
    if (n < 0) {
        t->rec.len = start;
        t->rec_flags |= FLAG_MEM_TRUNCATED;
        return;
    }
    struct ev_mem *m = (struct ev_mem *)(t->rec.data + start);
    *m = (struct ev_mem){.dir = ST_DIR_IN, .arg = (uint8_t)arg, .len = (uint32_t)n, .addr = addr};
    size_t padded = ((size_t)n + 7) & ~(size_t)7;
    if (padded > (size_t)n)
        buf_append(&t->rec, "\0\0\0\0\0\0\0", padded - (size_t)n);
    t->nmem++;
}

/* argv/envp: one region holding every string, each followed by its NUL. */
/* argv and envp are read a batch of pointers at a time, and each batch's
 * strings with one process_vm_readv over a window of each: an execve's
 * environment is dozens of strings, and a read or two per string cost more
 * than the rest of the exec stop. */
#define ARGV_BATCH 64
#define ARGV_WINDOW 256

/* Append the NUL-terminated strings at ptrs[0..n) to t->rec, each with its NUL. */
static int read_strings(struct thread *t, const uint64_t *ptrs, size_t n)
{
    uint8_t win[ARGV_BATCH][ARGV_WINDOW]; /* (16 KiB of the tracer thread's stack) */
    struct iovec local[ARGV_BATCH] = {{0}}, remote[ARGV_BATCH] = {{0}};
    size_t len[ARGV_BATCH];
    for (size_t k = 0; k < n; k++) {
        /* (never past the string's page: the next one may be unmapped) */
        size_t to_page_end = 4096 - (ptrs[k] & 4095);
        len[k] = to_page_end < ARGV_WINDOW ? to_page_end : ARGV_WINDOW;
        local[k] = (struct iovec){win[k], len[k]};
        remote[k] = (struct iovec){(void *)(uintptr_t)ptrs[k], len[k]};
    }
    ssize_t got = process_vm_readv(t->tid, local, n, remote, n, 0);
    size_t upto = 0;
    for (size_t k = 0; k < n; k++) {
        /* iovecs are filled in order: this one whole, or read again alone */
        int whole = got >= 0 && upto + len[k] <= (size_t)got;
        upto += len[k];
        const uint8_t *nul = whole ? memchr(win[k], 0, len[k]) : NULL;
        if (nul)
            buf_append(&t->rec, win[k], (size_t)(nul - win[k]));
        else if (mem_read_cstr(t->tid, ptrs[k], &t->rec, MAX_ARG_STRLEN) < 0)
            return -1;
        buf_append(&t->rec, "", 1);
    }
    return 0;
}

static void capture_argv(struct thread *t, int arg, uint64_t addr)
{
    if (addr == 0)
        return;
    size_t start = t->rec.len;
    if (!buf_append(&t->rec, NULL, sizeof(struct ev_mem)))
        return;
    size_t body = t->rec.len;
    for (unsigned i = 0; i < MAX_ARGV;) {
        uint64_t ptrs[ARGV_BATCH];
        uint64_t at = addr + 8 * (uint64_t)i;
        /* the pointers up to the end of their page, at most a batch */
        size_t want = (4096 - (at & 4095)) / 8;
        if (want == 0)
            want = 1;
        if (want > ARGV_BATCH)
            want = ARGV_BATCH;
        if (want > MAX_ARGV - i)
            want = MAX_ARGV - i;
        if (mem_read(t->tid, at, ptrs, want * 8) < 0)
            goto fail;
        size_t n = 0;
        while (n < want && ptrs[n])
            n++;
        if (n && read_strings(t, ptrs, n) < 0)
            goto fail;
        i += (unsigned)n;
        if (n < want)
            break; /* the NULL that ends it */
    }
    size_t n = t->rec.len - body;
    struct ev_mem *m = (struct ev_mem *)(t->rec.data + start);
    *m = (struct ev_mem){.dir = ST_DIR_IN, .arg = (uint8_t)arg, .len = (uint32_t)n, .addr = addr};
    size_t padded = (n + 7) & ~(size_t)7;
    if (padded > n)
        buf_append(&t->rec, "\0\0\0\0\0\0\0", padded - n);
    t->nmem++;
    return;
fail:
    t->rec.len = start;
    t->rec_flags |= FLAG_MEM_TRUNCATED;
}

/* The iovec array itself (read by the kernel): the decoder shows iov_len
 * from it. Captured at entry, always 'in'. */
static void capture_iov_array(struct thread *t, int arg, uint64_t iov_addr, uint64_t count)
{
    if (count > MAX_IOV)
        count = MAX_IOV;
    capture_region(t, ST_DIR_IN, arg, iov_addr, count * sizeof(struct iovec));
}

/* iovecs: for 'in' every buffer whole; for 'out' the bytes filled, in order,
 * up to limit (the result). */
static void capture_iov(struct thread *t, int dir, int arg, uint64_t iov_addr, uint64_t count,
                        uint64_t limit)
{
    if (iov_addr == 0 || count == 0)
        return;
    if (count > MAX_IOV)
        count = MAX_IOV;
    struct iovec iov[MAX_IOV];
    if (mem_read(t->tid, iov_addr, iov, count * sizeof iov[0]) < 0) {
        t->rec_flags |= FLAG_MEM_TRUNCATED;
        return;
    }
    for (uint64_t i = 0; i < count && limit > 0; i++) {
        uint64_t len = iov[i].iov_len;
        if (len > limit)
            len = limit;
        capture_region(t, dir, arg, (uint64_t)(uintptr_t)iov[i].iov_base, len);
        limit -= len;
    }
}

static uint32_t read_u32(struct thread *t, uint64_t addr, int *ok)
{
    uint32_t v = 0;
    *ok = addr != 0 && mem_read(t->tid, addr, &v, 4) == 0;
    return v;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* The msghdr and its iovec array, as the kernel reads them at entry. */
static void capture_msghdr_head(struct thread *t, int arg, uint64_t addr, struct msghdr *mh)
{
    capture_region(t, ST_DIR_IN, arg, addr, sizeof *mh);
    capture_iov_array(t, arg, (uint64_t)(uintptr_t)mh->msg_iov, mh->msg_iovlen);
}

static void capture_msghdr_in(struct thread *t, int arg, uint64_t addr)
{
    struct msghdr mh;
    if (addr == 0 || mem_read(t->tid, addr, &mh, sizeof mh) < 0)
        return;
    capture_msghdr_head(t, arg, addr, &mh);
    capture_region(t, ST_DIR_IN, arg, (uint64_t)(uintptr_t)mh.msg_name, mh.msg_namelen);
    capture_iov(t, ST_DIR_IN, arg, (uint64_t)(uintptr_t)mh.msg_iov, mh.msg_iovlen, UINT64_MAX);
    capture_region(t, ST_DIR_IN, arg, (uint64_t)(uintptr_t)mh.msg_control,
                   min_u64(mh.msg_controllen, MAX_REGION));
}

/* recvmsg/recvmmsg: the msghdr itself (the kernel updates its lengths and
 * flags), the name and control data actually written, and the data up to
 * `data_len`. `name_max`/`control_max` are the buffer sizes at entry. */
static void capture_msghdr_out(struct thread *t, int arg, uint64_t addr, uint64_t data_len,
                               uint64_t name_max, uint64_t control_max)
{
    struct msghdr mh;
    if (addr == 0 || mem_read(t->tid, addr, &mh, sizeof mh) < 0)
        return;
    capture_region(t, ST_DIR_OUT, arg, addr, sizeof mh);
    capture_region(t, ST_DIR_OUT, arg, (uint64_t)(uintptr_t)mh.msg_name,
                   min_u64(mh.msg_namelen, name_max));
    capture_iov(t, ST_DIR_OUT, arg, (uint64_t)(uintptr_t)mh.msg_iov, mh.msg_iovlen, data_len);
    capture_region(t, ST_DIR_OUT, arg, (uint64_t)(uintptr_t)mh.msg_control,
                   min_u64(mh.msg_controllen, control_max));
}

/* struct mmsghdr: a msghdr followed by the u32 byte count, padded to 64. */
#define MMSGHDR_SIZE 64

static void capture_mmsghdr(struct thread *t, const struct st_effect *e, int64_t ret)
{
    uint64_t base = t->args[e->arg];
    if (base == 0)
        return;
    if (e->dir == ST_DIR_IN) {
        uint64_t n = e->count_arg != 0xff ? t->args[e->count_arg] : 0;
        for (uint64_t i = 0; i < n && i < MAX_IOV; i++)
            capture_msghdr_in(t, e->arg, base + i * MMSGHDR_SIZE);
        return;
    }
    if (ret <= 0)
        return;
    for (uint64_t i = 0; i < (uint64_t)ret && i < MAX_IOV; i++) {
        uint64_t m = base + i * MMSGHDR_SIZE;
        int ok;
        uint32_t msg_len = read_u32(t, m + sizeof(struct msghdr), &ok);
        capture_region(t, ST_DIR_OUT, e->arg, m + sizeof(struct msghdr), 4);
        capture_msghdr_out(t, e->arg, m, ok ? msg_len : 0, MAX_SOCKADDR, MAX_REGION);
    }
}

struct ioctl_effect {
    int dir; /* -1: none */
    uint32_t size;
};

#define IOC_DIR_WRITE 1u /* user -> kernel */
#define IOC_DIR_READ 2u  /* kernel -> user */

static void ioctl_effects(uint32_t req, struct ioctl_effect *in, struct ioctl_effect *out)
{
    in->dir = out->dir = -1;
    for (unsigned i = 0; i < ST_N_IOCTLS; i++) {
        if (st_ioctls[i].request != req)
            continue;
        if (st_ioctls[i].dir == ST_DIR_IN)
            *in = (struct ioctl_effect){ST_DIR_IN, st_ioctls[i].size};
        else if (st_ioctls[i].dir == ST_DIR_OUT)
            *out = (struct ioctl_effect){ST_DIR_OUT, st_ioctls[i].size};
        return;
    }
    /* Not a legacy request: the _IOC encoding carries direction and size. */
    uint32_t dir = (req >> 30) & 3, size = (req >> 16) & 0x3fff;
    if (size == 0)
        return;
    if (dir & IOC_DIR_WRITE)
        *in = (struct ioctl_effect){ST_DIR_IN, size};
    if (dir & IOC_DIR_READ)
        *out = (struct ioctl_effect){ST_DIR_OUT, size};
}

/* fcntl commands whose third argument points to a struct. */
static uint32_t fcntl_size(uint64_t cmd, int dir)
{
    switch (cmd) {
    case 5:  /* F_GETLK */
    case 36: /* F_OFD_GETLK */
        return 32;
    case 6:  /* F_SETLK */
    case 7:  /* F_SETLKW */
    case 37: /* F_OFD_SETLK */
    case 38: /* F_OFD_SETLKW */
        return dir == ST_DIR_IN ? 32 : 0;
    case 15: /* F_SETOWN_EX */
        return dir == ST_DIR_IN ? 8 : 0;
    case 16: /* F_GETOWN_EX */
        return dir == ST_DIR_OUT ? 8 : 0;
    case 1035: /* F_GET_RW_HINT */
    case 1037: /* F_GET_FILE_RW_HINT */
        return dir == ST_DIR_OUT ? 8 : 0;
    case 1036: /* F_SET_RW_HINT */
    case 1038: /* F_SET_FILE_RW_HINT */
        return dir == ST_DIR_IN ? 8 : 0;
    default:
        return 0;
    }
}

const struct st_syscall *syscall_info(uint32_t nr)
{
    if (nr > ST_MAX_SYSCALL || st_syscalls[nr].name == NULL)
        return NULL;
    return &st_syscalls[nr];
}

/* ---- bytes moved between descriptors inside the kernel ---- */

/* The file offset a moving call starts from: *offset_ptr, or the descriptor's
 * position when the pointer is NULL. UINT64_MAX when unknown. */
static uint64_t source_offset(struct thread *t, int fd, uint64_t offset_ptr)
{
    if (offset_ptr) {
        uint64_t off;
        return mem_read(t->tid, offset_ptr, &off, sizeof off) == 0 ? off : UINT64_MAX;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", t->tid, fd);
    FILE *f = fopen(path, "re");
    if (!f)
        return UINT64_MAX;
    unsigned long long pos = 0;
    int found = fscanf(f, "pos: %llu", &pos) == 1;
    fclose(f);
    return found ? pos : UINT64_MAX;
}

/*
 * sendfile, splice and copy_file_range move bytes from a file to another
 * descriptor without passing them through the program's memory: read them
 * back from the source file, at the offset the call started from, so that
 * replay can show what went to stdout. Not for pipes or sockets (no offset).
 */
static void capture_moved(struct thread *t, int arg, int fd, uint64_t off, uint64_t len)
{
    if (off == UINT64_MAX || len == 0)
        return;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd/%d", t->tid, fd);
    /* O_NONBLOCK: never wait on the open of a FIFO */
    int src = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (src < 0)
        return;
    struct stat st;
    if (fstat(src, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(src);
        return;
    }
    size_t want = (size_t)len;
    uint8_t *dst = region_start(t, ST_DIR_DATA, arg, off, &want);
    size_t got = 0;
    while (dst && got < want) {
        ssize_t n = pread(src, dst + got, want - got, (off_t)(off + got));
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(src);
    if (dst && got < want)
        region_drop(t, want); /* the file changed under us: nothing rather than wrong bytes */
}

/* The path of the file at descriptor fd, as /proc shows it (an mmap's file,
 * which replay fills the mapping from). */
static void capture_fd_path(struct thread *t, int arg, int fd)
{
    if (fd < 0)
        return;
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/%d/fd/%d", t->tid, fd);
    ssize_t n = readlink(link, path, sizeof path);
    if (n <= 0 || n == (ssize_t)sizeof path || path[0] != '/')
        return; /* not a file with a path (anon_inode:, memfd:, socket:) */
    size_t len = (size_t)n;
    uint8_t *dst = region_start(t, ST_DIR_PATH, arg, 0, &len);
    if (dst)
        memcpy(dst, path, len);
}

void capture_entry(struct thread *t)
{
    const struct st_syscall *sc = syscall_info(t->nr);
    if (!sc || !sc->described) {
        t->rec_flags |= 1; /* UNDESCRIBED */
        return;
    }
    for (unsigned i = 0; i < sc->n_effects; i++) {
        const struct st_effect *e = &sc->effects[i];
        uint64_t ptr = t->args[e->arg];
        int ok;
        if (e->dir == ST_DIR_PATH)
            continue; /* captured at exit */
        if (e->dir == ST_DIR_DATA) {
            uint64_t off = source_offset(t, (int)ptr, t->args[e->count_arg]);
            t->entry_values[2 * i] = (uint32_t)off;
            t->entry_values[2 * i + 1] = (uint32_t)(off >> 32);
            continue;
        }
        if (e->dir == ST_DIR_OUT) {
            /* Remember the entry-time bounds that exit-time capture needs. */
            if (e->size_kind == ST_SIZE_LENPTR) {
                uint32_t v = read_u32(t, t->args[e->size_arg], &ok);
                t->entry_values[2 * i] = ok ? v : 0;
            } else if (e->layout == ST_LAYOUT_SOCKOPT) {
                uint32_t v = read_u32(t, t->args[4], &ok);
                t->entry_values[2 * i] = ok ? v : 0;
            } else if (e->layout == ST_LAYOUT_IOVEC && ptr) {
                capture_iov_array(t, e->arg, ptr,
                                  e->count_arg != 0xff ? t->args[e->count_arg] : 0);
            } else if (e->layout == ST_LAYOUT_MSGHDR && ptr) {
                struct msghdr mh;
                if (mem_read(t->tid, ptr, &mh, sizeof mh) == 0) {
                    capture_msghdr_head(t, e->arg, ptr, &mh);
                    t->entry_values[2 * i] = mh.msg_namelen;
                    t->entry_values[2 * i + 1] = (uint32_t)min_u64(mh.msg_controllen, MAX_REGION);
                } else {
                    t->entry_values[2 * i] = t->entry_values[2 * i + 1] = 0;
                }
            }
            continue;
        }
        switch (e->layout) {
        case ST_LAYOUT_FLAT:
            switch (e->size_kind) {
            case ST_SIZE_FIXED:
                capture_region(t, ST_DIR_IN, e->arg, ptr, e->value);
                break;
            case ST_SIZE_ARG:
                capture_region(t, ST_DIR_IN, e->arg, ptr, t->args[e->size_arg] * e->value);
                break;
            case ST_SIZE_CSTR:
                capture_cstr(t, e->arg, ptr);
                break;
            case ST_SIZE_LENPTR: {
                uint32_t v = read_u32(t, t->args[e->size_arg], &ok);
                if (ok)
                    capture_region(t, ST_DIR_IN, e->arg, ptr, v);
                break;
            }
            default:
                break;
            }
            break;
        case ST_LAYOUT_IOVEC: {
            uint64_t count = e->count_arg != 0xff ? t->args[e->count_arg] : 0;
            if (ptr)
                capture_iov_array(t, e->arg, ptr, count);
            capture_iov(t, ST_DIR_IN, e->arg, ptr, count, UINT64_MAX);
            break;
        }
        case ST_LAYOUT_MSGHDR:
            capture_msghdr_in(t, e->arg, ptr);
            break;
        case ST_LAYOUT_MMSGHDR:
            capture_mmsghdr(t, e, 0);
            break;
        case ST_LAYOUT_ARGV:
            capture_argv(t, e->arg, ptr);
            break;
        case ST_LAYOUT_IOCTL: {
            struct ioctl_effect in, out;
            ioctl_effects((uint32_t)t->args[1], &in, &out);
            if (in.dir >= 0)
                capture_region(t, ST_DIR_IN, e->arg, ptr, in.size);
            break;
        }
        case ST_LAYOUT_FCNTL:
            capture_region(t, ST_DIR_IN, e->arg, ptr, fcntl_size(t->args[1], ST_DIR_IN));
            break;
        case ST_LAYOUT_EPOLL_CTL:
            if (t->args[1] != 2) /* EPOLL_CTL_DEL takes no event */
                capture_region(t, ST_DIR_IN, e->arg, ptr, 12);
            break;
        case ST_LAYOUT_FDSET: {
            uint64_t nfds = (uint32_t)t->args[0];
            capture_region(t, ST_DIR_IN, e->arg, ptr, min_u64((nfds + 63) / 64 * 8, 128));
            break;
        }
        default:
            break;
        }
    }
}

void capture_exit(struct thread *t, int64_t ret)
{
    const struct st_syscall *sc = syscall_info(t->nr);
    if (!sc || !sc->described)
        return;
    int failed = IS_ERROR(ret);
    for (unsigned i = 0; i < sc->n_effects; i++) {
        const struct st_effect *e = &sc->effects[i];
        if (e->dir == ST_DIR_DATA && !failed && ret > 0) {
            uint64_t off = t->entry_values[2 * i] | (uint64_t)t->entry_values[2 * i + 1] << 32;
            capture_moved(t, e->arg, (int)t->args[e->arg], off, (uint64_t)ret);
            continue;
        }
        if (e->dir == ST_DIR_PATH && !failed) {
            capture_fd_path(t, e->arg, (int)t->args[e->arg]);
            continue;
        }
        if (e->dir != ST_DIR_OUT || (failed && !e->always))
            continue;
        uint64_t ptr = t->args[e->arg];
        int ok;
        switch (e->layout) {
        case ST_LAYOUT_FLAT: {
            uint64_t len = 0;
            if (e->size_kind == ST_SIZE_LENPTR) {
                uint32_t now = read_u32(t, t->args[e->size_arg], &ok);
                len = ok ? min_u64(now, t->entry_values[2 * i]) : 0;
            } else {
                st_flat_len(e, t->args, ret, &len);
            }
            capture_region(t, ST_DIR_OUT, e->arg, ptr, len);
            break;
        }
        case ST_LAYOUT_IOVEC:
            capture_iov(t, ST_DIR_OUT, e->arg, ptr,
                        e->count_arg != 0xff ? t->args[e->count_arg] : 0,
                        ret > 0 ? (uint64_t)ret : 0);
            break;
        case ST_LAYOUT_MSGHDR:
            capture_msghdr_out(t, e->arg, ptr, ret > 0 ? (uint64_t)ret : 0, t->entry_values[2 * i],
                               t->entry_values[2 * i + 1]);
            break;
        case ST_LAYOUT_MMSGHDR:
            capture_mmsghdr(t, e, ret);
            break;
        case ST_LAYOUT_IOCTL: {
            struct ioctl_effect in, out;
            ioctl_effects((uint32_t)t->args[1], &in, &out);
            if (out.dir >= 0)
                capture_region(t, ST_DIR_OUT, e->arg, ptr, out.size);
            break;
        }
        case ST_LAYOUT_FCNTL:
            capture_region(t, ST_DIR_OUT, e->arg, ptr, fcntl_size(t->args[1], ST_DIR_OUT));
            break;
        case ST_LAYOUT_SOCKOPT: {
            uint32_t now = read_u32(t, t->args[4], &ok);
            if (ok) {
                capture_region(t, ST_DIR_OUT, 3, t->args[3], min_u64(now, t->entry_values[2 * i]));
                capture_region(t, ST_DIR_OUT, 4, t->args[4], 4);
            }
            break;
        }
        case ST_LAYOUT_FDSET: {
            uint64_t nfds = (uint32_t)t->args[0];
            capture_region(t, ST_DIR_OUT, e->arg, ptr, min_u64((nfds + 63) / 64 * 8, 128));
            break;
        }
        default:
            break;
        }
    }
}
