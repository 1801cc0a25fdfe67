/*
 * At an exec stop the new program has not run a single instruction: its
 * stack holds argc, argv, envp and the auxiliary vector. We record the auxv
 * and AT_RANDOM's 16 bytes (stack protector and pointer guard seeds), and hide
 * the vDSO (AT_SYSINFO_EHDR -> AT_IGNORE) so that libc's clock_gettime,
 * gettimeofday, time and getcpu fall back to real, recorded syscalls.
 * In replay, the recorded AT_RANDOM bytes are written back first.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <unistd.h>

#include "systape.h"

#define STACK_WINDOW (256 * 1024)
#define MAX_AUXV 64

/* Read as much of [addr, addr+len) as is mapped; returns bytes read. */
static size_t read_partial(pid_t tid, uint64_t addr, void *dst, size_t len)
{
    struct iovec local = {dst, len};
    struct iovec remote = {(void *)(uintptr_t)addr, len};
    ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
    return n > 0 ? (size_t)n : 0;
}

void exec_stop(struct outstream *o, uint64_t seq, pid_t pid, pid_t caller, int no_vdso,
               const uint8_t *restore_random, struct exec_info *info)
{
    memset(info, 0, sizeof *info);
    pid_t tid = pid; /* after exec the thread that called it has become the leader */
    mem_forget(0);   /* a /proc/PID/mem kept open is on the old address space */
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, tid, 0, &regs) < 0) {
        out_error(o, errno, "exec of %d: cannot read registers", tid);
        return;
    }
    uint64_t sp = regs.rsp;
    uint64_t *stack_words = malloc(STACK_WINDOW);
    if (!stack_words)
        return;
    size_t nwords = read_partial(tid, sp, stack_words, STACK_WINDOW) / 8;

    /* argc, argv..., NULL, envp..., NULL, auxv pairs..., AT_NULL */
    size_t i = 0;
    uint64_t argc = nwords ? stack_words[0] : 0;
    size_t argv_at = 1;
    i = argv_at + argc + 1;
    while (i < nwords && stack_words[i] != 0)
        i++;
    i++;
    size_t auxv_at = i;
    size_t auxv_n = 0;
    while (auxv_at + 2 * auxv_n + 1 < nwords && auxv_n < MAX_AUXV) {
        uint64_t type = stack_words[auxv_at + 2 * auxv_n];
        auxv_n++;
        if (type == AT_NULL)
            break;
    }

    uint8_t random[16] = {0};
    for (size_t k = 0; k < auxv_n; k++) {
        uint64_t *pair = &stack_words[auxv_at + 2 * k];
        if (pair[0] == AT_RANDOM && restore_random) {
            /* replay: the recorded seeds, so stack canaries and pointer
             * guards (and anything derived from them) come out the same */
            if (mem_write(tid, pair[1], restore_random, 16) < 0)
                out_error(o, errno, "exec of %d: cannot restore AT_RANDOM", tid);
        }
        if (pair[0] == AT_RANDOM)
            read_partial(tid, pair[1], random, sizeof random);
        else if (pair[0] == AT_PHDR)
            info->phdr = pair[1];
        else if (pair[0] == AT_PHNUM)
            info->phnum = pair[1];
        else if (pair[0] == AT_BASE)
            info->interp = pair[1];
        if (pair[0] == AT_SYSINFO_EHDR && no_vdso) {
            uint64_t ignore = AT_IGNORE;
            uint64_t addr = sp + 8 * (auxv_at + 2 * k);
            if (mem_write(tid, addr, &ignore, sizeof ignore) == 0)
                pair[0] = AT_IGNORE;
            else
                out_error(o, errno, "exec of %d: cannot hide the vDSO", tid);
        }
    }

    char path[4096];
    char link[64];
    snprintf(link, sizeof link, "/proc/%d/exe", pid);
    ssize_t plen = readlink(link, path, sizeof path - 1);
    if (plen < 0)
        plen = 0;
    info->program = 0xcbf29ce484222325ULL;
    for (ssize_t k = 0; k < plen; k++)
        info->program = (info->program ^ (uint8_t)path[k]) * 0x100000001b3ULL;

    struct buf argv = {0};
    for (uint64_t a = 0; a < argc && argv_at + a < nwords; a++) {
        if (mem_read_cstr(tid, stack_words[argv_at + a], &argv, 128 * 1024) < 0)
            break;
        buf_append(&argv, "", 1);
    }

    struct buf ev = {0};
    struct ev_exec *e = buf_append(&ev, NULL, sizeof *e);
    if (e) {
        memset(e, 0, sizeof *e);
        e->h.type = EV_EXEC;
        e->seq = seq;
        e->pid = pid;
        e->tid = caller;
        e->path_len = (uint32_t)plen;
        e->argv_len = (uint32_t)argv.len;
        e->auxv_n = (uint32_t)auxv_n;
        memcpy(e->random, random, sizeof random);
        buf_append(&ev, &stack_words[auxv_at], auxv_n * 16);
        buf_append(&ev, path, (size_t)plen);
        buf_append(&ev, argv.data, argv.len);
        size_t padded = (ev.len + 7) & ~(size_t)7;
        buf_append(&ev, "\0\0\0\0\0\0\0", padded - ev.len);
        ((struct ev_exec *)ev.data)->h.size = (uint32_t)ev.len;
        out_event(o, ev.data, ev.len);
    }
    buf_free(&ev);
    buf_free(&argv);
    free(stack_words);
}
