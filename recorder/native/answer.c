/*
 * Calls the tracer answers itself, at their entry stop: where ptrace alone
 * would stop the program twice (at the entry and at the exit), it stops once.
 * The tracer makes the call's effect itself and the call is skipped.
 *
 * - Clock reads. The vDSO is hidden (exec.c) so that every read of the clock
 *   is a syscall the trace keeps; the tracer reads the same clock and writes
 *   the result where the kernel would.
 * - arch_prctl(ARCH_SET_FS), which every new program's ld.so makes: the
 *   tracer sets the thread's FS base through its registers.
 *
 * And a call that runs for real but whose result is known at its entry stop:
 * rt_sigreturn returns the rax it restores from the signal frame. With the
 * fast path (where the tracer lets threads go with PTRACE_CONT), its exit
 * stop is not waited for.
 *
 * Programs read the clock in runs (a runtime timing its start-up), so without
 * the fast path, after a clock read it answered, the tracer lets the thread
 * go with PTRACE_SYSEMU: its next call stops at its entry and does not run. A
 * clock read is answered there, in that one stop; any other call is rewound
 * and made again, for real (tracer.c).
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <stddef.h>
#include <time.h>
#include <ucontext.h>

#include "systape.h"

/* Clocks the tracer reads as the program would (not CPU-time clocks, which
 * are the program's own, nor alarms). */
static int shared_clock(uint64_t id)
{
    switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_TAI:
        return 1;
    default:
        return 0;
    }
}

/* user space ends here (TASK_SIZE_MAX): the kernel refuses an FS base above */
#define USER_END 0x7ffffffff000ULL

int clock_read(uint32_t nr)
{
    return nr == SYS_clock_gettime || nr == SYS_gettimeofday || nr == SYS_time;
}

int tracer_can_answer(const struct thread *t)
{
    switch (t->nr) {
    case SYS_arch_prctl:
        return t->args[0] == ARCH_SET_FS && t->args[1] < USER_END;
    case SYS_clock_gettime:
        return shared_clock(t->args[0]) && t->args[1] != 0;
    case SYS_gettimeofday:
        return t->args[1] == 0; /* (the timezone is the kernel's to say) */
    case SYS_time:
        return 1;
    default:
        return 0;
    }
}

int tracer_answer(struct thread *t, int64_t *ret)
{
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
        return 0;
    struct timespec ts;
    if (t->nr == SYS_arch_prctl) {
        regs.fs_base = t->args[1];
        *ret = 0;
    } else if (t->nr == SYS_clock_gettime) {
        clock_gettime((clockid_t)t->args[0], &ts);
        if (mem_poke(t->tid, t->args[1], &ts, sizeof ts) < 0)
            return 0; /* the kernel would say EFAULT: let it */
        *ret = 0;
    } else if (t->nr == SYS_gettimeofday) {
        clock_gettime(CLOCK_REALTIME, &ts);
        const struct {
            int64_t sec, usec;
        } tv = {ts.tv_sec, ts.tv_nsec / 1000};
        if (t->args[0] && mem_poke(t->tid, t->args[0], &tv, sizeof tv) < 0)
            return 0;
        *ret = 0;
    } else {
        clock_gettime(CLOCK_REALTIME, &ts);
        const int64_t sec = ts.tv_sec;
        if (t->args[0] && mem_poke(t->tid, t->args[0], &sec, sizeof sec) < 0)
            return 0;
        *ret = sec;
    }
    /* the call does not run (PTRACE_SYSEMU skips it anyway), and returns ret */
    regs.orig_rax = (uint64_t)-1;
    regs.rax = (uint64_t)*ret;
    return ptrace(PTRACE_SETREGS, t->tid, 0, &regs) == 0;
}

int known_result(const struct thread *t, int64_t *ret)
{
    if (t->nr != SYS_rt_sigreturn)
        return 0;
    /* The handler's `ret` took the restorer's address off the frame: the
     * frame's ucontext is at rsp, and in it the rax the kernel restores. */
    struct user_regs_struct regs;
    uint64_t rax;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0 ||
        mem_read(t->tid, regs.rsp + offsetof(ucontext_t, uc_mcontext.gregs[REG_RAX]), &rax,
                 sizeof rax) < 0)
        return 0;
    *ret = (int64_t)rax;
    return 1;
}

int rerun_call(struct thread *t)
{
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
        return -1;
    regs.rax = regs.orig_rax;
    regs.rip -= 2; /* back onto its `syscall` */
    if (ptrace(PTRACE_SETREGS, t->tid, 0, &regs) < 0)
        return -1;
    t->sysemu = 0;
    return ptrace(PTRACE_SYSCALL, t->tid, 0, 0) < 0 ? -1 : 0;
}
