/*
 * Replaying memory mappings, which run for real: each is placed where it was
 * recorded, and a file mapping (whose descriptor was emulated, so it does
 * not exist in the replayed process) either maps the file itself, opened
 * and closed by calls put in the program's place, or is made anonymous and
 * filled with the file's bytes.
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

/* An mmap's arguments, placed where record x says it was mapped unless the
 * program fixed the address itself. */
static void place_as_recorded(struct user_regs_struct *regs, const struct ev_syscall *x)
{
    if (x && x->ret > 0 && !(regs->r10 & MAP_FIXED_FLAG)) {
        regs->rdi = (uint64_t)x->ret;
        regs->r10 |= MAP_FIXED_NOREPLACE_FLAG;
    }
}

/*
 * Prepare a real mmap: place it where it was recorded (MAP_FIXED_NOREPLACE,
 * since the kernel's choice depends on more than the program: a file mapping
 * made anonymous is aligned differently), and turn a file mapping into an
 * anonymous one, filled from the file at exit, since the file's descriptor
 * was emulated and does not exist in the replayed process.
 */
static void prepare_mmap(struct thread *t, const struct ev_syscall *x)
{
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
        return;
    place_as_recorded(&regs, x);
    if (x->h.flags & XF_MMAP_FILE) {
        regs.r10 = (regs.r10 & ~(uint64_t)0x0f) | 0x02 /* MAP_PRIVATE */ | 0x20 /* MAP_ANONYMOUS */;
        regs.r8 = (uint64_t)-1;
        regs.r9 = 0;
    }
    ptrace(PTRACE_SETREGS, t->tid, 0, &regs);
}

/* The mapped file's path region of an expectation (NULL if none). */
static const struct ev_mem *mapped_path(const struct ev_syscall *x, const char **path)
{
    size_t off = sizeof *x;
    struct region r;
    while (next_region(x, x->h.size, &off, &r))
        if (r.m->dir == REGION_FILE_PATH) {
            *path = (const char *)r.bytes;
            return r.m;
        }
    return NULL;
}

/* Below this, copying the file's bytes costs less than opening it in the program. */
#define MAP_DIRECT_MIN (128u << 10)

/*
 * Map a file that is as it was recorded by mapping the file itself, as the
 * program did: the program opens it (an openat put in place of its mmap, the
 * path written below its stack), maps that descriptor, and closes it. Three
 * calls where the alternative, filling an anonymous mapping, copies every
 * byte (a shared library: megabytes per process). t is at the entry of its
 * mmap; returns 0 when the mapping is to be filled instead.
 */
static int map_file_directly(struct thread *t, const struct ev_syscall *x)
{
    const char *path = NULL;
    const struct ev_mem *m = mapped_path(x, &path);
    if (!m || m->addr != 1 /* TypeScript: the file is unchanged */ || x->args[1] < MAP_DIRECT_MIN)
        return 0;
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
        return 0;
    size_t len = strlen(path) + 1;
    uint64_t where = (regs.rsp - 256 - len) & ~(uint64_t)15; /* past the red zone */
    if (write_tracee(t, where, path, len) < 0)
        return 0;
    t->map_regs = regs;
    regs.orig_rax = SYS_openat;
    regs.rdi = (uint64_t)-100; /* AT_FDCWD */
    regs.rsi = where;
    regs.rdx = O_RDONLY | O_CLOEXEC;
    regs.r10 = 0;
    if (ptrace(PTRACE_SETREGS, t->tid, 0, &regs) < 0)
        return 0;
    t->rstate = RS_MAP_OPEN;
    resume(t->tid, 0);
    return 1;
}

/* At the exit of an injected call: run `nr` next, from the same instruction. */
static void then_call(struct thread *t, struct user_regs_struct *regs, uint64_t nr, int state)
{
    regs->rax = nr;
    regs->rip -= 2;
    ptrace(PTRACE_SETREGS, t->tid, 0, regs);
    t->in_syscall = 0;
    t->rstate = RS_REENTER;
    t->after_reenter = (uint8_t)state;
    resume(t->tid, 0);
}

void map_opened(struct tracer *tr, struct thread *t, int64_t fd)
{
    struct user_regs_struct regs = t->map_regs;
    if (fd < 0) {
        t->map_no_direct = 1; /* run the mmap again, to be filled */
        then_call(t, &regs, SYS_mmap, RS_REAL);
        return;
    }
    t->map_fd = (int)fd;
    regs.r8 = (uint64_t)fd;
    const struct ev_hdr *h = head(tr);
    place_as_recorded(&regs, h && h->type == EV_SYSCALL ? (const void *)h : NULL);
    then_call(t, &regs, SYS_mmap, RS_MAP_MAP);
}

void map_mapped(struct thread *t, int64_t ret)
{
    struct user_regs_struct regs;
    t->map_ret = ret;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
        return;
    regs.rdi = (uint64_t)t->map_fd;
    then_call(t, &regs, SYS_close, RS_MAP_CLOSE);
}

/* The descriptor is closed: the program is back at its mmap's exit. */
void map_closed(struct thread *t)
{
    struct user_regs_struct regs = t->map_regs;
    regs.rax = (uint64_t)t->map_ret;
    ptrace(PTRACE_SETREGS, t->tid, 0, &regs);
    t->in_syscall = 1;
    t->real_ret = t->map_ret;
    t->map_direct = 1;
    t->rstate = RS_AT_REAL_EXIT;
}

void fill_mapping(struct tracer *tr, struct thread *t, const struct ev_syscall *x, uint64_t addr)
{
    const char *path = NULL;
    if (!mapped_path(x, &path))
        return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        out_error(&tr->s->out, errno, "replay: cannot read %s to fill its mapping", path);
        return;
    }
    uint64_t length = x->args[1], offset = x->args[5], done = 0;
    static const size_t CHUNK = 1 << 20;
    uint8_t *chunk = malloc(CHUNK);
    while (chunk && done < length) {
        size_t want = length - done < CHUNK ? (size_t)(length - done) : CHUNK;
        ssize_t n = pread(fd, chunk, want, (off_t)(offset + done));
        if (n <= 0)
            break; /* past the end of the file the mapping stays zero, as the kernel's would */
        if (write_tracee(t, addr + done, chunk, (size_t)n) < 0) {
            out_error(&tr->s->out, errno, "replay: cannot fill the mapping of %s", path);
            break;
        }
        done += (uint64_t)n;
    }
    free(chunk);
    close(fd);
}

/*
 * t is at the entry of a call about to run for real, in state RS_REAL or
 * another: an mmap is placed where it was recorded, and a file mapping maps
 * the file or is made anonymous to be filled. Returns 1 when t was resumed
 * here (into the calls that map a file directly).
 */
int entering_real(struct tracer *tr, struct thread *t)
{
    if (t->nr != SYS_mmap || t->rstate != RS_REAL)
        return 0;
    const struct ev_hdr *h = head(tr);
    if (!h || h->type != EV_SYSCALL)
        return 0;
    const struct ev_syscall *x = (const void *)h;
    int again = t->map_no_direct;
    t->map_no_direct = 0;
    if ((x->h.flags & XF_MMAP_FILE) && !again && map_file_directly(t, x))
        return 1;
    prepare_mmap(t, x);
    return 0;
}
