/*
 * Time stamps of syscalls: the TSC, read at the tracer's entry and exit stops
 * and around the call in the fast-path hook (an instruction, not a syscall:
 * the hook's calls would cost twice as much with clock_gettime around them,
 * and the tracees' vDSO is off). Turned into nanoseconds when the records are
 * emitted, at a rate measured against CLOCK_MONOTONIC over a span that doubles
 * as the process goes on: its error starts near 1e-3 and falls from there.
 * x86-64 machines this runs on have a constant-rate TSC (constant_tsc), the
 * same on every CPU.
 */
#include <pthread.h>
#include <time.h>

#include "systape.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t base_tsc, base_ns, checked_tsc;
/* nanoseconds per tick, shared by every recording of the process */
static _Atomic double ns_per_tick;

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The rate over base..now, taken as the TSC read between two clock reads. */
static void measure(void)
{
    uint64_t a = mono_ns(), tsc = tsc_now(), b = mono_ns();
    uint64_t ns = a / 2 + b / 2;
    if (tsc > base_tsc && ns > base_ns)
        ns_per_tick = (double)(ns - base_ns) / (double)(tsc - base_tsc);
    checked_tsc = tsc;
}

void timing_start(void)
{
    pthread_mutex_lock(&mu);
    if (base_tsc == 0) {
        uint64_t a = mono_ns();
        base_tsc = tsc_now();
        base_ns = a / 2 + mono_ns() / 2;
        /* a first rate, over 50 µs: once per process */
        while (mono_ns() - base_ns < 50000)
            ;
        measure();
    }
    pthread_mutex_unlock(&mu);
}

void timing_refresh(void)
{
    uint64_t now = tsc_now();
    if (now - base_tsc < 2 * (checked_tsc - base_tsc) || pthread_mutex_trylock(&mu) != 0)
        return;
    measure();
    pthread_mutex_unlock(&mu);
}

void timing_stamp(struct ev_syscall *e, uint64_t origin_tsc)
{
    if (e->t1 == 0 || e->t0 == 0 || e->t1 < e->t0 || e->t0 < origin_tsc) {
        e->t0 = e->t1 = 0;
        return;
    }
    double rate = ns_per_tick;
    uint64_t start = (uint64_t)((double)(e->t0 - origin_tsc) * rate);
    uint64_t dur = (uint64_t)((double)(e->t1 - e->t0) * rate);
    e->t0 = start;
    e->t1 = dur ? dur : 1; /* (a call takes some time: 0 would read as "none") */
}
