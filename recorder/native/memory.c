/*
 * Tracee memory access. Reads use process_vm_readv (one syscall, no stop
 * needed beyond the one we are in); so do writes to writable memory
 * (mem_poke). Other writes go through /proc/PID/mem, because
 * process_vm_writev refuses read-only and executable pages.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "systape.h"

int mem_read(pid_t tid, uint64_t addr, void *dst, size_t len)
{
    size_t done = 0;
    while (done < len) {
        struct iovec local = {(uint8_t *)dst + done, len - done};
        struct iovec remote = {(void *)(uintptr_t)(addr + done), len - done};
        ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
        if (n < 0)
            return -errno;
        if (n == 0)
            return -EFAULT;
        done += (size_t)n;
    }
    return 0;
}

long mem_read_cstr(pid_t tid, uint64_t addr, struct buf *b, size_t max)
{
    size_t start = b->len;
    size_t total = 0;
    while (total < max) {
        /* Read up to the end of the page: the next page may be unmapped. */
        size_t chunk = 4096 - ((addr + total) & 4095);
        if (chunk > max - total)
            chunk = max - total;
        if (buf_reserve(b, chunk) < 0)
            return -ENOMEM;
        uint8_t *dst = b->data + b->len;
        int r = mem_read(tid, addr + total, dst, chunk);
        if (r < 0) {
            b->len = start;
            return r;
        }
        uint8_t *nul = memchr(dst, 0, chunk);
        if (nul) {
            size_t n = (size_t)(nul - dst);
            b->len += n;
            return (long)(total + n);
        }
        b->len += chunk;
        total += chunk;
    }
    return (long)total;
}

int mem_poke(pid_t tid, uint64_t addr, const void *src, size_t len)
{
    struct iovec local = {(void *)src, len};
    struct iovec remote = {(void *)(uintptr_t)addr, len};
    return process_vm_writev(tid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -EFAULT;
}

/* The last /proc/TID/mem opened, kept open: patching writes a few times to
 * the same process, and opening costs more than the write. Per tracer thread
 * (recordings run side by side in one process). An open file stays on the
 * address space it was opened on, so it is dropped at every exec and when
 * its thread goes (mem_forget). */
static _Thread_local pid_t mem_fd_tid;
static _Thread_local int mem_fd = -1;

void mem_forget(pid_t tid)
{
    if (mem_fd >= 0 && (tid == 0 || tid == mem_fd_tid)) {
        close(mem_fd);
        mem_fd = -1;
        mem_fd_tid = 0;
    }
}

static int mem_file(pid_t tid)
{
    if (mem_fd >= 0 && mem_fd_tid == tid)
        return mem_fd;
    mem_forget(0);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", tid);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    mem_fd = fd;
    mem_fd_tid = tid;
    return fd;
}

int mem_write(pid_t tid, uint64_t addr, const void *src, size_t len)
{
    int fd = mem_file(tid);
    if (fd < 0)
        return fd;
    size_t done = 0;
    int err = 0;
    while (done < len) {
        ssize_t n = pwrite(fd, (const uint8_t *)src + done, len - done, (off_t)(addr + done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err = -errno;
            break;
        }
        if (n == 0) {
            err = -EIO;
            break;
        }
        done += (size_t)n;
    }
    if (err)
        mem_forget(tid); /* the next write opens it afresh */
    return err;
}
