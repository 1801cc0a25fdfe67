/*
 * The tracer's side of the fast path (fastpath/fastpath.h): the seccomp
 * filter that lets the gadget's syscalls through, mapping the hook into each
 * new program, taking the records out of its buffer, and the hook's requests.
 * Patching sites is in patch.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fastpath/fastpath.h"
#include "syscall_table.h"
#include "systape.h"

#ifndef AUDIT_ARCH_X86_64
#define AUDIT_ARCH_X86_64 0xc000003eu
#endif

/* The hook's image, built from fastpath/ (see scripts/build-native.js). */
__asm__(".section .rodata\n"
        ".balign 16\n"
        "fp_image:\n"
        ".incbin \"" FP_IMAGE_PATH "\"\n"
        "fp_image_end:\n"
        ".previous\n");
extern const uint8_t fp_image[], fp_image_end[];

uint64_t fp_hook_entry(void)
{
    const struct fp_image_header *h = (const void *)(fp_image + (FP_IMAGE_HEADER - FP_CODE));
    return h->hook_entry;
}

/* ---- the filter ---- */

int fp_install_filter(void)
{
    const uint32_t hi = (uint32_t)(FP_GADGET_RET >> 32), lo = (uint32_t)FP_GADGET_RET;
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 4),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer) + 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, hi, 0, 2),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, lo, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof code / sizeof code[0], .filter = code};
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
        return 0;
    /* without CAP_SYS_ADMIN a filter needs no_new_privs (ptrace already
     * keeps set-user-ID programs from gaining privileges) */
    if (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return -errno;
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0 ? 0 : -errno;
}

/* ---- memory the hook shares with us ---- */

/* The control page without its descriptor kinds. */
#define CTL_HEAD offsetof(struct fp_ctl, fd_kind)

int fp_read_ctl(pid_t tid, struct fp_ctl *ctl)
{
    return mem_read(tid, FP_CTL, ctl, CTL_HEAD);
}

int fp_write_ctl(pid_t tid, const struct fp_ctl *ctl)
{
    return mem_poke(tid, FP_CTL, ctl, CTL_HEAD);
}

void fp_set_yield(pid_t tid, uint32_t yield)
{
    mem_poke(tid, FP_CTL + offsetof(struct fp_ctl, yield), &yield, sizeof yield);
}

void fp_empty_buffer(pid_t tid)
{
    const uint64_t zero[2] = {0, 0}; /* used, taken */
    mem_poke(tid, FP_CTL, zero, sizeof zero);
}

void fp_share_fds(pid_t tid)
{
    const uint32_t off = 0;
    mem_poke(tid, FP_CTL + offsetof(struct fp_ctl, fd_cache_on), &off, sizeof off);
}

int fp_write_stub(pid_t tid, uint64_t addr, const void *code, size_t len)
{
    return mem_poke(tid, addr, code, len);
}

/* ---- mapping the hook into a new program ---- */

/* Run one syscall in t, stopped at a syscall-exit stop, with the `syscall`
 * instruction written over the code at its instruction pointer for the time
 * of it. Returns the result, or -errno. A signal arriving meanwhile is kept in
 * *sig for the caller to deliver. */
static long inject_syscall(pid_t tid, const struct user_regs_struct *at, uint64_t nr,
                           const uint64_t args[6], int *sig)
{
    uint64_t word;
    if (mem_read(tid, at->rip, &word, sizeof word) < 0)
        return -EFAULT;
    uint64_t patched = (word & ~0xffffULL) | 0x050f;
    if (mem_write(tid, at->rip, &patched, sizeof patched) < 0)
        return -EFAULT;
    struct user_regs_struct r = *at;
    r.rax = nr;
    r.orig_rax = (uint64_t)-1;
    r.rdi = args[0];
    r.rsi = args[1];
    r.rdx = args[2];
    r.r10 = args[3];
    r.r8 = args[4];
    r.r9 = args[5];
    long ret = -EIO;
    if (ptrace(PTRACE_SETREGS, tid, 0, &r) < 0 || ptrace(PTRACE_SYSCALL, tid, 0, 0) < 0)
        goto out;
    for (;;) {
        int status;
        if (waitpid(tid, &status, __WALL) < 0 || !WIFSTOPPED(status))
            return -ESRCH; /* gone: nothing to restore */
        int s = WSTOPSIG(status), event = (unsigned)status >> 16;
        if (s == (SIGTRAP | 0x80)) {
            struct __ptrace_syscall_info info;
            if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) > 0 &&
                info.op == PTRACE_SYSCALL_INFO_EXIT) {
                ret = info.exit.rval;
                break;
            }
        } else if (event == 0 && s != SIGTRAP) {
            *sig = s; /* a signal-delivery stop: deliver it later */
        }
        if (ptrace(PTRACE_SYSCALL, tid, 0, 0) < 0)
            return -ESRCH;
    }
out:
    mem_write(tid, at->rip, &word, sizeof word);
    ptrace(PTRACE_SETREGS, tid, 0, at);
    return ret;
}

int fp_inject(pid_t tid, int *sig, const uint8_t *traced)
{
    size_t image = (size_t)(fp_image_end - fp_image);
    if (image > FP_IMAGE_MAX)
        return -E2BIG;
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, tid, 0, &regs) < 0)
        return -errno;
    if (regs.cs != 0x33)
        return -ENOEXEC; /* a 32-bit program: no `syscall`, no room at FP_BASE */
    const uint64_t args[6] = {FP_BASE, FP_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, (uint64_t)-1, 0};
    long got = inject_syscall(tid, &regs, SYS_mmap, args, sig);
    if (got != (long)FP_BASE) {
        /* The place is taken (or the old kernel ignored NOREPLACE): no fast
         * path for this program. Leave whatever it got alone. */
        return got < 0 ? (int)got : -EEXIST;
    }
    struct fp_ctl ctl = {.next_top = FP_STACKS_TOP, .stub_next = FP_STUBS, .fd_cache_on = 1};
    if (traced)
        memcpy(ctl.traced, traced, sizeof ctl.traced);
    if (mem_poke(tid, FP_CODE, fp_image, image) < 0 || fp_write_ctl(tid, &ctl) < 0)
        return -EFAULT;
    return 0;
}

/* ---- processes ---- */

/* FNV-1a of the program's path: which program a process runs, to patch in
 * it the sites the same program used before (patch.c). */
static uint64_t program_of(pid_t pid)
{
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/%d/exe", pid);
    ssize_t n = readlink(link, path, sizeof path);
    uint64_t h = 0xcbf29ce484222325ULL;
    for (ssize_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)path[i]) * 0x100000001b3ULL;
    return h;
}

void fp_new_program(struct tracer *tr, struct thread *t)
{
    t->fp = 0;
    t->fp_program = program_of(t->pid);
    t->fp_no_patch = 0;
    t->fp_inject = 1;
    fp_forget_process(tr, t->pid);
}

void fp_new_task(struct thread *c, const struct thread *parent, int vfork)
{
    c->fp = parent->fp;
    c->fp_program = parent->fp_program;
    /* a vfork child runs in its parent's memory, where the parent's other
     * threads may be anywhere: it uses patched sites but patches none */
    c->fp_no_patch = parent->fp_no_patch || vfork;
}

/* ---- records ---- */

long fp_flush(struct tracer *tr, struct thread *t, struct fp_ctl *ctl, int keep_last)
{
    if (fp_read_ctl(t->tid, ctl) < 0)
        return -EFAULT;
    uint64_t from = ctl->taken, to = ctl->used > FP_BUF_SIZE ? FP_BUF_SIZE : ctl->used;
    long n = 0;
    uint64_t code[8][2]; /* files mapped executable: code to patch */
    unsigned ncode = 0;
    if (to > from) {
        size_t len = (size_t)(to - from);
        struct buf *b = &tr->fp_scratch;
        b->len = 0;
        if (buf_reserve(b, len) < 0 || mem_read(t->tid, FP_BUF + from, b->data, len) < 0)
            return -EFAULT;
        size_t whole = 0; /* bytes of records that go out now */
        for (size_t off = 0; off + sizeof(struct ev_syscall) <= len;) {
            struct ev_syscall *e = (struct ev_syscall *)(b->data + off);
            if (e->h.size < sizeof *e || e->h.size > len - off || e->h.size % 8)
                break; /* cannot happen unless the program wrote over the buffer */
            if (keep_last && off + e->h.size == len) {
                /* the call it yields at: its record waits for its next turn,
                 * as a traced call's does (tracer.c) */
                t->rec.len = 0;
                if (buf_append(&t->rec, e, e->h.size)) {
                    t->nr = (uint32_t)e->nr;
                    memcpy(t->args, e->args, sizeof t->args);
                    t->nmem = e->nmem;
                    t->rec_flags = e->h.flags;
                    t->pending = 1;
                    t->pending_ret = e->ret;
                    t->pending_flags = 0;
                    tr->fast_calls++; /* (and counted in syscalls when emitted) */
                }
                break;
            }
            /* packed on their way out (events.c): here they are only numbered */
            e->h.type = EV_RAW_SYSCALL;
            e->seq = tr->seq++;
            e->pid = t->pid;
            e->tid = t->tid;
            if (e->nr == SYS_mmap && (e->args[2] & PROT_EXEC) &&
                (uint64_t)e->ret < (uint64_t)-4095 && ncode < 8 && pack_maps_file(e)) {
                code[ncode][0] = (uint64_t)e->ret;
                code[ncode++][1] = (uint64_t)e->ret + e->args[1];
            }
            off += e->h.size;
            whole = off;
            n++;
        }
        if (whole)
            out_event(&tr->s->out, b->data, whole);
        tr->syscalls += (uint64_t)n;
        tr->fast_calls += (uint64_t)n;
    }
    if (ctl->fd_cache_dirty) {
        /* a traced call may be about to change descriptors: forget their kinds */
        static const uint8_t none[FP_FD_CACHE];
        mem_poke(t->tid, FP_CTL + offsetof(struct fp_ctl, fd_kind), none, sizeof none);
        mem_poke(t->tid, FP_CTL + offsetof(struct fp_ctl, fd_cache_dirty), none, sizeof(uint32_t));
        ctl->fd_cache_dirty = 0;
    }
    if (ctl->in_hook == FP_IDLE && ctl->used != 0) {
        /* start the buffer over */
        ctl->used = ctl->taken = 0;
        fp_empty_buffer(t->tid);
    } else if (to > from) {
        /* The hook is between reading `used` and writing it back (a signal
         * stopped it): leave `used` to it, remember what we took. */
        ctl->taken = to;
        mem_poke(t->tid, FP_CTL + offsetof(struct fp_ctl, taken), &ctl->taken, sizeof ctl->taken);
    }
    for (unsigned i = 0; i < ncode; i++)
        fp_patch_known(tr, t, code[i][0], code[i][1]);
    return n;
}

/* ---- stops ---- */

/* Let the call t is stopped at (a seccomp stop) not happen; it returns ret. */
void fp_skip_call(pid_t tid, int64_t ret)
{
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, tid, 0, &regs) < 0)
        return;
    regs.orig_rax = (uint64_t)-1;
    regs.rax = (uint64_t)ret;
    ptrace(PTRACE_SETREGS, tid, 0, &regs);
}
