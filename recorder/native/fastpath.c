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
    const uint32_t map_hi = (uint32_t)(FP_MAP_OFFSET >> 32), map_lo = (uint32_t)FP_MAP_OFFSET;
    const uint32_t off = offsetof(struct seccomp_data, args[5]);
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 10),
        /* from the gadget: allowed */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer) + 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, hi, 0, 2),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, lo, 7, 0),
        /* the tracer's mmap of the hook (fp_inject): allowed */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mmap, 0, 4),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, off),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, map_lo, 0, 2),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, off + 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, map_hi, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof code / sizeof code[0], .filter = code};
    return install_filter(&prog);
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

/* Map the hook's memory in the new program: `mov $SYS_mmap,%eax; syscall;
 * int3` written over the code at its entry point for the time of it, the
 * arguments set (with the offset the filter lets through), and the thread let
 * go until the int3 traps: one stop, where an injected syscall's entry and
 * exit stops would make two (and at the exec event, the execve's exit stop
 * is not waited for either). Returns the mmap's result, or -errno; *moved
 * says whether the thread left the stop it was at. A signal arriving
 * meanwhile is kept in *sig for the caller to deliver. */
static long inject_map(pid_t tid, const struct user_regs_struct *at, int *sig, int *moved)
{
    static const uint8_t code[8] = {0xb8, SYS_mmap, 0, 0, 0, 0x0f, 0x05, 0xcc};
    uint8_t saved[sizeof code];
    if (mem_read(tid, at->rip, saved, sizeof saved) < 0 ||
        mem_write(tid, at->rip, code, sizeof code) < 0)
        return -EFAULT;
    struct user_regs_struct r = *at;
    r.rdi = FP_BASE;
    r.rsi = FP_SIZE;
    r.rdx = PROT_READ | PROT_WRITE | PROT_EXEC;
    r.r10 = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
    r.r8 = (uint64_t)-1;
    r.r9 = FP_MAP_OFFSET;
    long ret = -ESRCH;
    if (ptrace(PTRACE_SETREGS, tid, 0, &r) < 0 || ptrace(PTRACE_CONT, tid, 0, 0) < 0) {
        mem_write(tid, at->rip, saved, sizeof saved);
        return -ESRCH;
    }
    *moved = 1;
    for (;;) {
        int status;
        if (waitpid(tid, &status, __WALL) < 0 || !WIFSTOPPED(status))
            return -ESRCH; /* gone: nothing to restore */
        int s = WSTOPSIG(status), event = (unsigned)status >> 16;
        if (event == 0 && s == SIGTRAP && ptrace(PTRACE_GETREGS, tid, 0, &r) == 0 &&
            r.rip == at->rip + sizeof code) {
            ret = (long)r.rax; /* at the int3 */
            break;
        }
        if (event == 0 && s != SIGTRAP)
            *sig = s; /* a signal-delivery stop: deliver it later */
        if (ptrace(PTRACE_CONT, tid, 0, 0) < 0)
            return -ESRCH;
    }
    mem_write(tid, at->rip, saved, sizeof saved);
    return ret;
}

int fp_inject(pid_t tid, int *sig, int *moved, const uint8_t *traced)
{
    *moved = 0;
    size_t image = (size_t)(fp_image_end - fp_image);
    if (image > FP_IMAGE_MAX)
        return -E2BIG;
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, tid, 0, &regs) < 0)
        return -errno;
    if (regs.cs != 0x33)
        return -ENOEXEC; /* a 32-bit program: no `syscall`, no room at FP_BASE */
    long got = inject_map(tid, &regs, sig, moved);
    if (*moved && got != -ESRCH) {
        /* The program starts as the execve left it (which returns 0), now
         * from a signal-delivery stop (no call to restart). */
        regs.orig_rax = (uint64_t)-1;
        regs.rax = 0;
        ptrace(PTRACE_SETREGS, tid, 0, &regs);
    }
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

void fp_new_program(struct tracer *tr, struct thread *t, const struct exec_info *info)
{
    t->fp = 0;
    t->fp_exec = *info;
    t->fp_no_patch = 0;
    t->fp_inject = 1;
    fp_forget_process(tr, t->pid);
}

void fp_new_task(struct thread *c, const struct thread *parent, int vfork)
{
    c->fp = parent->fp;
    c->fp_exec = parent->fp_exec;
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
        /* Read straight into the events pending (a copy less: a flush is a
         * stop of the program's), else (the reader gone) into our own. */
        struct outstream *o = &tr->s->out;
        uint8_t *recs = out_reserve(o, len);
        int reserved = recs != NULL;
        if (!reserved) {
            tr->fp_scratch.len = 0;
            if (buf_reserve(&tr->fp_scratch, len) < 0)
                return -EFAULT;
            recs = tr->fp_scratch.data;
        }
        if (mem_read(t->tid, FP_BUF + from, recs, len) < 0) {
            if (reserved)
                out_commit(o, 0);
            return -EFAULT;
        }
        size_t whole = 0; /* bytes of records that go out now */
        for (size_t off = 0; off + sizeof(struct ev_syscall) <= len;) {
            struct ev_syscall *e = (struct ev_syscall *)(recs + off);
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
        if (reserved)
            out_commit(o, whole);
        else if (whole)
            out_event(o, recs, whole);
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
