/*
 * systape C core: internal declarations shared by the tracer's source files.
 *
 * One file per concern:
 *   api.c      FFI entry points (start a recording, signal it)
 *   tracer.c   the tracer thread: spawn, wait loop, per-thread syscall state
 *   capture.c  which tracee memory a syscall reads or writes (table-driven)
 *   memory.c   reading and writing tracee memory
 *   exec.c     at exec: auxiliary vector, AT_RANDOM, vDSO redirection
 *   events.c   the packed event stream handed to TypeScript through a pipe
 */
#ifndef SYSTAPE_H
#define SYSTAPE_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

/* The library's entry points (api.c); everything else is hidden. */
#define ST_API __attribute__((visibility("default")))

/* ---- growable byte buffer ---- */

struct buf {
    uint8_t *data;
    size_t len;
    size_t cap;
};

int buf_reserve(struct buf *b, size_t extra);
/* Fault in the whole pages of [start, start + len) with one call; with
 * write_each, also write each once (see events.c). */
void fault_in(void *start, size_t len, int write_each);
/* Room for cap bytes in b in all, its pages not touched yet: for buffers whose pages
 * the flusher faults in before they are needed (session.prefault). */
int buf_presize(struct buf *b, size_t cap);
/* Append n bytes; returns a pointer to them inside the buffer (NULL on OOM). */
void *buf_append(struct buf *b, const void *src, size_t n);
/* Append n uninitialised bytes, padded with zeros to a multiple of 8. */
void *buf_append_pad8(struct buf *b, size_t n);
void buf_free(struct buf *b);

/* ---- event stream (events.c) ----
 * Every event starts with struct ev_hdr and is padded to 8 bytes. The layouts
 * below are mirrored by recorder/events.ts. */

enum ev_type {
    EV_SYSCALL = 1,
    EV_SPAWN = 2,
    EV_EXEC = 3,
    EV_SIGNAL = 4,
    EV_EXIT = 5,
    EV_END = 6,
    EV_STARTED = 7,
    EV_EXEC_FAILED = 8,
    EV_ERROR = 9,
    /* replay */
    EV_DIVERGED = 10, /* struct ev_diverged then the actual call as an EV_SYSCALL */
    EV_ECHO = 11,     /* struct ev_echo then the bytes */
    EV_PROGRESS = 12, /* struct ev_progress: records consumed so far */
    EV_START = 13,    /* struct ev_start: a new thread runs for the first time */
    /* struct ev_packed then syscall records already in the trace's form */
    EV_PACKED = 14,
    /* intercept: struct ev_icall, a filtered call stopped at its entry or
     * exit; the tracer waits for a struct ic_decision on its input pipe */
    EV_ICALL = 15,
    /* never leaves C: a struct ev_syscall in the tracer's form, with its time
     * still in TSC ticks, that the writer packs on its way out (events.c) */
    EV_RAW_SYSCALL = 16,
    /* replay's input (replay_chunk.c): struct replay_tables; */
    EV_TABLES = 17,
    /* struct ev_fill then the path and the source, NUL-terminated */
    EV_FILL = 18,
    /* struct ev_chunk then a records chunk's MessagePack */
    EV_CHUNK = 19,
    /* struct ev_sites then n known sites (patch.c), at the end when some were new */
    EV_SITES = 20,
};

struct ev_hdr {
    uint32_t size; /* whole event, header included, multiple of 8 */
    uint16_t type;
    uint16_t flags;
};

struct ev_syscall {
    struct ev_hdr h;
    uint64_t seq;
    int32_t pid, tid;
    int32_t nr;
    uint32_t nmem;
    uint64_t args[6];
    int64_t ret;
    /* TSC at the call's entry and at its return (0: not known); once the
     * tracer emits the record (timing_stamp), its start in ns since the
     * recording began and its duration in ns (t1 0: none) */
    uint64_t t0, t1;
    /* then nmem x (struct ev_mem + bytes padded to 8) */
};
/* (recorder/events.ts reads it at these offsets) */
_Static_assert(sizeof(struct ev_syscall) == 104, "SYSCALL_EVENT_SIZE in recorder/events.ts");

struct ev_mem {
    uint8_t dir; /* 0 in, 1 out */
    uint8_t arg;
    uint16_t pad;
    uint32_t len;
    uint64_t addr;
};

struct ev_spawn {
    struct ev_hdr h;
    uint64_t seq;
    int32_t pid, tid, child_pid, child_tid;
    uint32_t kind; /* 0 process, 1 thread, 2 vfork */
    uint32_t pad;
};

struct ev_exec {
    struct ev_hdr h;
    uint64_t seq;
    int32_t pid, tid;
    uint32_t path_len, argv_len; /* argv: NUL-separated strings */
    uint32_t auxv_n, pad;
    uint8_t random[16];
    /* then auxv_n x 2 x u64, then path, then argv, padded to 8 */
};

struct ev_signal {
    struct ev_hdr h;
    uint64_t seq;
    int32_t pid, tid, signo, code, sender;
    uint32_t pad;
};

struct ev_exit {
    struct ev_hdr h;
    uint64_t seq;
    int32_t pid, tid;
    int32_t status; /* raw wait status */
    uint32_t superseded; /* 1: a thread replaced by another thread's execve */
};

struct ev_end {
    struct ev_hdr h;
    uint64_t seq;
    int32_t root_status; /* raw wait status of the root process */
    uint32_t divergences; /* replay: how many were found (some maybe unreported) */
    uint64_t syscalls;
    uint64_t fast_calls; /* record: how many of them the in-process hook recorded */
};

struct ev_started {
    struct ev_hdr h;
    int32_t root_pid;
    uint32_t pad;
};

struct ev_exec_failed {
    struct ev_hdr h;
    int32_t err; /* errno of the first execve */
    uint32_t pad;
};

/* EV_ERROR's h.flags: the program could not be started as asked (file_view.c) */
#define EVE_CANNOT_START 1

struct ev_error {
    struct ev_hdr h;
    int32_t err;
    uint32_t len; /* message bytes follow, padded to 8 */
};

struct ev_start {
    struct ev_hdr h;
    uint64_t seq;
    int32_t pid, tid;
};

/* ev_packed's h.flags: some record in the batch maps a file (has its path) */
#define EVP_MAPS 1

struct ev_icall {
    struct ev_hdr h;
    uint64_t seq;
    int32_t pid, tid;
    int32_t nr;
    uint32_t phase; /* 0 entry, 1 exit */
    uint64_t args[6];
    int64_t ret; /* exit: the result */
    uint64_t sp; /* the stack pointer (below it, past the red zone, is free) */
};

/* intercept: what to do with the call an ev_icall reported (TypeScript
 * writes one per ev_icall, in order) */
enum ic_action {
    IC_CONTINUE = 0, /* the call goes on (with args, when IC_ARGS) */
    IC_SKIP = 1,     /* entry: no call; it returns value */
    IC_KILL = 2,     /* a callback failed: kill every traced process */
    IC_DETACH = 3,   /* no more stops for this process's callbacks */
};
#define IC_ARGS 1       /* flags: set the arguments to args */
#define IC_WANT_EXIT 2  /* flags: report the call's exit too */
#define IC_RESULT 4     /* flags, at exit: the call returns value */

struct ic_decision {
    uint32_t action;
    uint32_t flags;
    int64_t value;
    uint64_t args[6];
};

struct ev_packed {
    struct ev_hdr h;
    uint32_t count; /* records */
    uint32_t len;   /* bytes of MessagePack that follow (padded to 8) */
};

struct ev_fill {
    struct ev_hdr h;
    uint32_t path_len, source_len; /* both with their NUL */
};

struct ev_chunk {
    struct ev_hdr h;
    uint32_t len; /* bytes of MessagePack that follow (padded to 8) */
    uint32_t pad;
};

struct ev_diverged {
    struct ev_hdr h;
    uint64_t expected_seq; /* seq of the record replay expected next */
    int32_t reason;        /* enum divergence */
    int32_t pid, tid;      /* real ids of the thread that diverged (0: none) */
    int32_t rec_tid;       /* its recorded tid */
    uint32_t has_call;     /* 1: an EV_SYSCALL with the actual call follows */
    uint32_t stopped;      /* 1: replay stopped the program here; 0: it went on */
    int64_t actual_ret;    /* with has_ret: what the call returned (it ran for real) */
    uint32_t has_ret;
    uint32_t pad;
};

enum divergence {
    DIV_SYSCALL = 1,   /* another syscall, or other arguments or input bytes */
    DIV_RESULT = 2,    /* a call executed for real returned something else (addresses) */
    DIV_STUCK = 3,     /* every thread waits and the next record cannot happen */
    DIV_SPAWN = 4,     /* a process or thread appeared that was not recorded there */
    DIV_EXEC = 5,      /* an exec happened where none was recorded, or vice versa */
    DIV_EXTRA = 6,     /* the program made a call after the recording ended */
};

struct ev_sites {
    struct ev_hdr h;
    uint32_t n;
    uint32_t entry_size; /* FP_KNOWN_ENTRY */
};

struct ev_echo {
    struct ev_hdr h;
    int32_t fd;
    uint32_t len;
};

/* The output side of a session: events accumulate in `pending` and are written
 * to the pipe in large batches by the flusher thread, woken when the batch is
 * big and on a short timer, so an idle program's events still arrive. The
 * tracer never waits for the pipe (its tracees would wait with it) unless
 * the reader falls far behind. */
struct outstream {
    pthread_mutex_t mu;    /* pending, wake, woken */
    struct buf pending;
    pthread_mutex_t wmu;   /* writing, and writes to fd: one writer at a time */
    struct buf writing;
    int fd;
    int failed; /* the reader went away: keep tracing, drop events */
    void (*wake)(void *arg); /* the flusher's, while it runs */
    void *wake_arg;
    int woken;
    uint64_t origin_tsc; /* raw records' times count from it (timing.c) */
    struct buf conv;     /* writing, with raw records packed (under wmu) */
    struct buf packed;   /* a batch being packed (under wmu) */
};

void out_init(struct outstream *o, int fd);
/* Append one complete event (copied); wakes the flusher when the batch is
 * large (or writes it, with no flusher or a reader far behind). */
void out_event(struct outstream *o, const void *ev, size_t len);
/* Room for len bytes of events after those pending, to be filled in place
 * and handed over with out_commit (NULL, the stream not held, when there is
 * no room or the reader is gone): the hook's records are read from the
 * program straight into it. The stream is held until out_commit. */
void *out_reserve(struct outstream *o, size_t len);
/* Take the first `used` bytes of the room out_reserve gave as events (0:
 * none), and let the stream go; as out_event, from there on. */
void out_commit(struct outstream *o, size_t used);
/* Write everything pending, now. */
void out_flush(struct outstream *o);
void out_error(struct outstream *o, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* pack.c: append e in the trace's MessagePack form */
struct ev_syscall;
void pack_syscall(struct buf *b, const struct ev_syscall *e);

/* timing.c: the TSC, and syscall time stamps from it */
static inline uint64_t tsc_now(void)
{
    return __builtin_ia32_rdtsc();
}
void timing_start(void);
void timing_refresh(void);
void timing_stamp(struct ev_syscall *e, uint64_t origin_tsc);

/* file_view.c: in the forked child, before its execve */
struct session_config;
void file_view_enter(const struct session_config *cfg);
/* Does the record carry a mapped file's path (an mmap of a file)? */
int pack_maps_file(const struct ev_syscall *e);
/* Pack the run of EV_RAW_SYSCALL events at p (len bytes of whole events) into
 * EV_PACKED events appended to out, using scratch; returns the bytes of the
 * run, which ends at the first other event. */
size_t pack_raw_run(struct buf *out, struct buf *scratch, uint8_t *p, size_t len,
                    uint64_t origin_tsc);
/* unpack.c: append the ev_syscall of the packed record at *p (moved past it),
 * with the record's flags that replay keeps; -1 when it is not one. rec_flags
 * (if not NULL) gets all of the record's own flags. */
int unpack_syscall(const uint8_t **p, const uint8_t *end, struct buf *out, int64_t *rec_flags);

/* ---- tracee memory (memory.c) ---- */

/* Read exactly len bytes; returns 0 or -errno. */
int mem_read(pid_t tid, uint64_t addr, void *dst, size_t len);
/* Read a NUL-terminated string of at most max bytes (NUL excluded) into b.
 * Returns its length, or -errno. */
long mem_read_cstr(pid_t tid, uint64_t addr, struct buf *b, size_t max);
/* Write to writable memory (one syscall, no file to open); 0 or -EFAULT. */
int mem_poke(pid_t tid, uint64_t addr, const void *src, size_t len);
/* Write through /proc/PID/mem, which also works on read-only pages. */
int mem_write(pid_t tid, uint64_t addr, const void *src, size_t len);
/* Drop what mem_write keeps open for tid (0: whatever it keeps): at exec and
 * when the thread goes. */
void mem_forget(pid_t tid);

/* ---- per-thread syscall state (tracer.c) ---- */

/* two per effect: the most any syscall in the table has is ST_MAX_EFFECTS */
#define MAX_ENTRY_VALUES 32

/* What an exec stop learnt of the new program, for the fast path: which
 * program it is, and from its auxv where its code is. */
struct exec_info {
    uint64_t program; /* FNV-1a of its path */
    uint64_t phdr;    /* AT_PHDR: its program headers, in memory */
    uint64_t phnum;   /* AT_PHNUM */
    uint64_t interp;  /* AT_BASE: where its interpreter (ld.so) is, 0 for none */
};

struct thread {
    pid_t tid;
    pid_t pid; /* thread group id */
    struct thread *next; /* hash chain */
    struct thread *all_prev, *all_next; /* every thread, for scans */
    unsigned fresh : 1;         /* seen, initial stop not yet passed */
    unsigned announced : 1;     /* its spawn was reported by the parent */
    unsigned pre_exec : 1;      /* root before its first execve: not recorded */
    unsigned in_syscall : 1;
    unsigned dead : 1;
    unsigned refused : 1;       /* this call is being refused with ENOSYS */
    unsigned injected : 1;      /* record --inject: this call is skipped, returning inject_ret */
    unsigned held : 1;          /* new task stopped until its parent reports it */
    uint32_t nr;
    uint64_t args[6];
    uint64_t clone_flags;
    /* values read at entry that exit-time capture needs (value-result lengths) */
    uint32_t entry_values[MAX_ENTRY_VALUES];
    /* the syscall record under construction: ev_syscall, in regions, then out */
    struct buf rec;
    uint32_t nmem;
    uint16_t rec_flags;
    /* replay only */
    pid_t rec_tid, rec_pid; /* the ids this thread had when recorded */
    uint8_t rstate;         /* enum replay_state */
    uint8_t after_reenter;  /* the state once a rewound call is entered again */
    int inject_sig;         /* signal we are delivering on purpose */
    /* ... with the recorded sender (when it came from a process: si_code <= 0) */
    int32_t inject_code, inject_sender;
    uint8_t inject_info;
    int64_t real_ret;       /* a real call's result, kept until its record's turn */
    pid_t vfork_parent;     /* a vfork child until it execs: its parent's tid */
    uint8_t traced_next;    /* resumed under PTRACE_SYSCALL: its next call is to run for real */
    uint8_t entered_traced; /* the call it is at entered under PTRACE_SYSCALL */
    uint64_t kg_deferred;   /* --keep-going: seq + 1 of a write record left for its next call */
    uint64_t preempted_at;  /* when it was last preempted (tr->preemptions then) */
    /* mapping a file directly (replay_mmap.c, map_file_directly) */
    struct user_regs_struct map_regs; /* the mmap as the program called it */
    int map_fd;                        /* the file, opened in the program */
    int64_t map_ret;
    uint8_t map_direct;                /* the mapping holds the file itself: no fill */
    uint8_t map_no_direct;             /* opening failed: fill the mapping instead */
    uint64_t settid_addr;   /* where the new thread stored its real tid (CLONE_CHILD_SETTID) */
    /* record: the user-space token (see tracer.c) */
    struct thread *ready_next;
    unsigned queued : 1;    /* waiting in the ready queue to return to user space */
    unsigned pending : 1;   /* its syscall record is complete, emitted when it runs */
    int resume_sig;         /* signal to deliver when it runs */
    uint8_t started;        /* it has run user code since it appeared */
    int64_t pending_ret;
    uint16_t pending_flags;
    int mem_fd;             /* /proc/PID/mem, opened on first write (0: not yet) */
    /* record: the fast path (fastpath.c, patch.c) */
    uint64_t entry_ip;      /* instruction pointer at its current syscall's entry */
    uint8_t fp;             /* its process has the hook mapped */
    uint8_t fp_no_patch;    /* a vfork child sharing its parent's memory: patch nothing */
    uint8_t fp_inject;      /* it has just exec'd: map the hook at its next stop */
    int64_t inject_ret;     /* see `injected` */
    struct exec_info fp_exec; /* its program (patch.c: known sites, where its code is) */
    uint8_t fp_in_hook;     /* at its last stop, it was inside the hook */
    /* record without the fast path (answer.c) */
    uint8_t clock_next;     /* its last call was a clock read the tracer answered */
    uint8_t sysemu;         /* it was let go with PTRACE_SYSEMU: its next call does not run */
    uint64_t fp_held;       /* signals held back while it was in the fast path (bit sig-1) */
    uint64_t fp_raised;     /* ... and sent again since, not delivered yet */
    siginfo_t *fp_siginfo;  /* [64]: their details, to give back at delivery */
};

/* ---- capture (capture.c) ---- */

/* Called at syscall entry: append the regions the kernel will read. */
void capture_entry(struct thread *t);
/* Called at syscall exit: append the regions the kernel wrote. */
void capture_exit(struct thread *t, int64_t ret);

/* The table entry of syscall nr, or NULL when there is no such syscall. */
struct st_syscall;
const struct st_syscall *syscall_info(uint32_t nr);

/* Append one memory region to t's record; reads len bytes at addr. */
void capture_region(struct thread *t, int dir, int arg, uint64_t addr, size_t len);

/* ---- calls the tracer answers itself (answer.c) ---- */

/* Is t's call (at its entry stop) one the tracer can answer? */
int tracer_can_answer(const struct thread *t);
/* Is syscall nr a read of the clock (one of those the tracer answers)? */
int clock_read(uint32_t nr);
/* Answer it: its effect made, its result set, the call skipped; 1 when
 * done, 0 when it must run for real. */
int tracer_answer(struct thread *t, int64_t *ret);
/* The result of t's call (at its entry stop) when it is known before it
 * runs; 1 when it is. */
int known_result(const struct thread *t, int64_t *ret);
/* Make t's call, which PTRACE_SYSEMU skipped, again for real; -1 if t is gone. */
int rerun_call(struct thread *t);

/* ---- exec (exec.c) ---- */

/* At PTRACE_EVENT_EXEC: rewrite the auxv so the vDSO is not used (when
 * no_vdso) and emit the exec event. `caller` is the tid that called execve
 * (it now runs as `pid`). What it learns of the program goes into *info. */
void exec_stop(struct outstream *o, uint64_t seq, pid_t pid, pid_t caller, int no_vdso,
               const uint8_t *restore_random, struct exec_info *info);

/* ---- sessions (api.c / tracer.c) ---- */

/* The stack of the program's process until its execve (session.c). */
#define CHILD_STACK_SIZE (128 * 1024)

struct session_config {
    uint32_t flags;
    int32_t cpu;
    int32_t stdio[3]; /* fds to dup2 onto 0,1,2 in the child; -1 inherits */
    char *path;       /* executable to run */
    char **argv;
    char **envp;
    char *cwd;        /* NULL: inherit */
    /* replay with CFG_KEEP_GOING: bit nr set when an unrecorded call nr
     * may execute for real (it affects only the program itself) */
    uint8_t live_ok[64];
    /* replay with CFG_FASTPATH: bit nr set when call nr is emulated, never
     * run for real, so the hook may answer it; record with CFG_CHAOS: the
     * same set, whose calls' records may go out in any order */
    uint8_t emulated[64];
    /* intercept: bit nr set when call nr stops for the callbacks */
    uint8_t intercept[64];
    /* replay with CFG_FILE_VIEW: n_mounts pairs (directory, overlay lowerdir
     * option) mounted over the directories in a mount namespace of the
     * program's own (file_view.c) */
    char **mounts;
    uint32_t n_mounts;
    /* CFG_KNOWN_SITES: n_known entries of FP_KNOWN_ENTRY bytes (patch.c) */
    uint8_t *known;
    uint32_t n_known;
    void *child_stack; /* spawn_traced's, CHILD_STACK_SIZE bytes, freed with the session */
    int err_fd; /* where the child reports a failure to set that up (the events pipe) */
};

#define CFG_PIN (1u << 0)
#define CFG_NO_ASLR (1u << 1)
#define CFG_NO_VDSO (1u << 2)
#define CFG_REFUSE_IO_URING (1u << 3)
#define CFG_REPLAY (1u << 4)
#define CFG_KEEP_GOING (1u << 5) /* replay: report divergences and go on where safe */
#define CFG_START_RECORDS (1u << 6) /* replay: the trace says when new threads first ran */
#define CFG_FASTPATH (1u << 7) /* record: calls through the in-process hook where possible */
#define CFG_INTERCEPT (1u << 8) /* intercept: the calls of cfg.intercept stop for callbacks */
#define CFG_INTERCEPT_EXIT (1u << 9) /* intercept: ... at their exit too */
/* record --inject: the calls of cfg.intercept are TypeScript's to fail (the
 * recorder stops at them anyway: no filter of their own) */
#define CFG_INJECT (1u << 10)
#define CFG_FILE_VIEW (1u << 11) /* replay: the packed files over their recorded paths */
/* record: the token goes to a queued thread drawn at random, not the first
 * queued: other interleavings than the usual one, to bring races out */
#define CFG_CHAOS (1u << 12)
/* record, replay: sites patched in earlier sessions (patch.c's struct known_site) */
#define CFG_KNOWN_SITES (1u << 13)
/* replay: echo the program's output as it writes it (a terminal watches), not
 * as each run of calls its hook answered ends (replay_fast.c) */
#define CFG_LIVE_ECHO (1u << 14)

/* Bits of an expectation's ev_hdr.flags (replay input): the recorded flags in
 * the low nibble, then how to replay the call, then which arguments must
 * match (pointers are not compared: only what they point to). */
#define XF_NO_RETURN 4
#define XF_REAL (1u << 4)       /* execute for real (rebuilds process state) */
#define XF_KEEP_RET (1u << 5)   /* real, and its own result stands (rt_sigreturn) */
#define XF_CHECK_RET (1u << 6)  /* real, and its result must equal the recorded one */
#define XF_ECHO (1u << 7)       /* echo the written bytes (stdout/stderr) */
#define XF_ARGS_SHIFT 8         /* bits 8..13: arguments to compare */
#define XF_MMAP_FILE (1u << 14) /* a file mapping: map anonymous, fill from the file */
#define XF_ECHO_STDERR (1u << 15) /* with XF_ECHO: the bytes went to stderr, not stdout */
/* Replay's input: the tables TypeScript sends before the first chunk
 * (EV_TABLES), from replayer/policy.ts and formats/trace/descriptors.ts. */
#define REPLAY_TABLE_NRS 512
struct replay_tables {
    uint16_t flags[REPLAY_TABLE_NRS];   /* XF_* of a call by number */
    int8_t out_arg[REPLAY_TABLE_NRS];   /* argument with its output descriptor, or -1 */
    uint8_t fd_effect[REPLAY_TABLE_NRS]; /* what it does to descriptors (replay_chunk.c) */
};

/* In expectations, a memory region with dir 2 carries the mapped file's path. */
#define REGION_FILE_PATH 2

struct session {
    struct session_config cfg;
    struct outstream out;
    pthread_t tracer;
    pthread_t flusher;
    int flusher_started;
    /* done is set under flush_mu and signalled on flush_cv, so the flusher
     * wakes at once when the recording ends instead of at its next tick */
    pthread_mutex_t flush_mu;
    pthread_cond_t flush_cv;
    int flush_asked; /* a large batch waits (outstream.wake): no waiting */
    int done;
    pid_t root_pid;     /* (atomic: st_signal reads it from another thread) */
    int pending_signal; /* sent before the program was started (set_root_pid) */
    int in_fd; /* replay: read end of the expectations pipe */
    /* the thread holding the user-space token, for the flusher's preemption
     * check (written by the tracer thread, read by the flusher) */
    volatile pid_t running_pid, running_tid, preempt_tid;
    volatile uint64_t running_gen; /* counts token grants */
    /* the flusher's view: which grant it watches, and the holder's CPU time then */
    uint64_t watched_gen;
    int64_t watched_cpu_ns;
    /* Whether the flusher faults in, as it starts, the pages of the event
     * buffers, which the tracer fills once the program runs (on another CPU
     * than the program's: a fault costs microseconds in a VM). Set before
     * start_flusher. */
    int prefault;
};

#define HASH_SIZE 1024

/* State of one recording or replay, owned by its tracer thread. */
struct tracer {
    struct session *s;
    struct thread *table[HASH_SIZE];
    struct thread *all; /* the same threads, as a list */
    uint64_t seq;
    uint64_t syscalls;
    uint64_t origin_tsc; /* when the recording began: records' times count from it */
    uint64_t chaos;      /* CFG_CHAOS: the state of its random draws (xorshift), else 0 */
    pid_t root;
    int root_status;
    int exec_errno;
    /* record: one thread runs in user space at a time (tracer.c) */
    struct thread *running;
    struct thread *ready_head, *ready_tail;
    /* replay */
    int in_fd;          /* expectations from TypeScript */
    struct buf q;       /* whole expected records read so far, the head at q_pos */
    size_t q_pos;
    struct buf in;      /* buffered expectation bytes, consumed from in_pos */
    size_t in_pos;
    int in_eof, diverged;
    struct replay_input *rin; /* chunks of the trace into expectations (replay_chunk.c) */
    uint32_t chunks_read;     /* records chunks read so far (for error messages) */
    uint32_t divergences; /* reported so far (--keep-going reports many) */
    uint64_t preemptions; /* spinning threads stopped so far */
    int pid_ns_changed;   /* a call made or joined a pid namespace: ids may differ by viewer */
    /* record: the fast path */
    int fast;                 /* CFG_FASTPATH: the filter is on, user space runs under PTRACE_CONT */
    int inject_deaf;          /* record --inject: TypeScript no longer answers */
    uint64_t fast_calls;      /* records taken from hooks' buffers */
    uint64_t fp_sites;        /* sites patched */
    int fp_yield_asked;       /* the token holder's hook was asked to yield */
    struct buf fp_scratch;    /* record: the hook's records when the events cannot take them */
    struct buf fp_packed;
    struct refused *fp_refused; /* patch.c */
    unsigned fp_refused_n;
    struct known_site *fp_known; /* patch.c: sites patched so far, in any process */
    size_t fp_known_n, fp_known_cap;
    size_t fp_known_added; /* sites known first in this session */
    struct buf fp_code; /* patch.c: the code around known sites, read at once */
    /* replay: the fast path (replay_fast.c) */
    int replaying;            /* sites are patched for replay's hook */
    uint8_t rp_patchable[64]; /* bit nr: replay may emulate call nr (not run it for real) */
    struct thread *rp_owner;  /* the thread whose hook holds records to answer */
    uint64_t rp_synced;       /* bytes of them the tracer has consumed since */
    int rp_in_hook;           /* the owner stopped inside the hook: its records stay */
    uint64_t q_abs;           /* bytes of the stream consumed so far (the head's place) */
    /* the last run written to a hook's buffer, as places in the stream: the
     * thread's hook may take it up again after a call the tracer answered */
    pid_t rp_run_tid;
    uint64_t rp_run_start, rp_run_end;
    int rp_live_echo;         /* CFG_LIVE_ECHO: a run ends after a write to echo */
};

enum replay_state {
    RS_RUNNING = 0,  /* resumed; its next stop is ours to handle */
    RS_AT_ENTRY,     /* at a syscall entry, waiting for its record to come up */
    RS_REENTER,      /* rewound to execute its call for real; re-entering it */
    RS_REAL,         /* executing a call for real */
    RS_AT_REAL_EXIT, /* a real call returned; waiting for its record */
    RS_BLOCKED,      /* the recorded call never returned: keep it stopped */
    RS_START,        /* a new thread at its first stop, waiting for the token */
    RS_SUSPENDED,    /* in a real rt_sigsuspend, waiting for the recorded signal */
    RS_LIVE,         /* --keep-going: executing an unrecorded call for real */
    RS_READY,        /* back from a call already accounted for; waiting for the token */
    RS_PREEMPTED,    /* stopped for spinning with the token; goes on when it is free */
    RS_MAP_OPEN,     /* a file mapping: the program opens the file (injected openat) */
    RS_MAP_MAP,      /* ... maps it (the program's own mmap, on that descriptor) */
    RS_MAP_CLOSE,    /* ... and closes it (injected close) */
    RS_EXEC_EARLY,   /* a vfork child's execve, run ahead of its record */
    RS_EXEC_WAIT,    /* exec'd ahead of its record; stopped until it comes up */
};

/* session.c */
struct thread *thread_find(struct tracer *tr, pid_t tid);
struct thread *thread_new(struct tracer *tr, pid_t tid, pid_t pid);
void thread_free(struct tracer *tr, struct thread *t);
void thread_rekey(struct tracer *tr, struct thread *t, pid_t tid);
pid_t read_tgid(pid_t tid);
void resume(pid_t tid, int sig);
/* Fork and exec the program, stopped at its first instruction's way in;
 * returns 0 or -errno. The root thread starts in pre_exec state. */
/* Start the program of cfg, seized with ptrace options opts and stopped
 * before its execve; returns its pid or -errno. */
int spawn_traced(struct session_config *cfg, long opts);

/* A syscall made without libc, -errno on failure: for the program's process
 * between its clone and its execve, which runs in its parent's memory, where
 * libc's errno is a tracer thread's own (session.c). */
static inline long raw_syscall(long nr, long a, long b, long c, long d, long e)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return ret;
}

/* Install the seccomp filter prog (a struct sock_fprog) in this process,
 * with raw syscalls (above); 0 or -errno. */
int install_filter(const void *prog);
int spawn_root(struct tracer *tr);
/* The program is started as pid: a signal sent to the session before then
 * goes to it now. */
void set_root_pid(struct session *s, pid_t pid);
void set_token_holder(struct tracer *tr, struct thread *t);
void start_flusher(struct session *s);
void stop_flusher(struct session *s);

/* fastpath.c */
struct fp_ctl;
int fp_install_filter(void);
/* intercept.c: the filter that stops the calls of the 64-byte set (in the
 * child, before its execve), and the tracer thread of an intercept session */
int ic_install_filter(const uint8_t *set);
void *intercept_main(void *arg);
struct ev_icall;
struct ic_decision;
/* Send call and wait for TypeScript's decision; -1 when it no longer
 * answers (*d is then CONTINUE). Also for record --inject (tracer.c). */
int ic_ask(struct session *s, const struct ev_icall *call, struct ic_decision *d);
uint64_t fp_hook_entry(void);
int fp_read_ctl(pid_t tid, struct fp_ctl *ctl);
int fp_write_ctl(pid_t tid, const struct fp_ctl *ctl);
int fp_write_stub(pid_t tid, uint64_t addr, const void *code, size_t len);
/* Map the hook into the program tid just exec'd, stopped at its exec event
 * or at its execve's exit stop; 0 or -errno. Either way tid is left
 * at a signal-delivery stop in user space, ready to run the program, unless
 * *moved is 0 (nothing was tried). A signal that arrived meanwhile is left
 * in *sig. The calls of the 64-byte set `traced` (or none: NULL) always go to
 * the tracer. */
int fp_inject(pid_t tid, int *sig, int *moved, const uint8_t *traced);
/* t has just exec'd: a new program, the hook goes in at its exec event (record) or
 * its execve's exit stop (replay) */
void fp_new_program(struct tracer *tr, struct thread *t, const struct exec_info *info);
/* c is a new thread or process of parent's (vfork: sharing parent's memory) */
void fp_new_task(struct thread *c, const struct thread *parent, int vfork);
/* Take the records out of t's process's buffer into the event stream; ctl
 * gets the control page as it was. Returns how many, or -errno. */
long fp_flush(struct tracer *tr, struct thread *t, struct fp_ctl *ctl, int keep_last);
/* Tell t's process's hook whether others wait for the token. */
void fp_set_yield(pid_t tid, uint32_t yield);
/* t's process shares its descriptor table now (a thread, CLONE_FILES): the
 * hook must not remember descriptor kinds any more. */
void fp_share_fds(pid_t tid);
/* Start t's process's buffer over (its records were taken). */
void fp_empty_buffer(pid_t tid);
void fp_skip_call(pid_t tid, int64_t ret);
/* patch.c: patch the site of t's call (at a seccomp stop, ip after the
 * `syscall`) and rewind t to make it again through the hook; 1 if done. */
int fp_try_patch(struct tracer *tr, struct thread *t, uint64_t nr, uint64_t ip);
void fp_forget_process(struct tracer *tr, pid_t pid);
/* Free what the fast path keeps in tr. */
void fp_free(struct tracer *tr);
/* Patch, in t's process, the sites patched in other processes whose code is
 * the same here: those in [lo, hi), or in its program's and its interpreter's
 * code (from the auxv's program headers, for a program just exec'd). t is
 * stopped, anywhere. */
void fp_patch_known(struct tracer *tr, struct thread *t, uint64_t lo, uint64_t hi);
void fp_patch_known_mapped(struct tracer *tr, struct thread *t);
/* Bytes of a known site as sessions hand them on (CFG_KNOWN_SITES, EV_SITES). */
#define FP_KNOWN_ENTRY 64
/* Take the n sites of *entries (cfg.known, malloc'd) as patched in an
 * earlier session; the list becomes tr's (*entries is left NULL). */
void fp_load_known(struct tracer *tr, uint8_t **entries, uint32_t n);
/* Send the known sites out (EV_SITES) for the next session, when this one
 * patched some not known before. */
void fp_emit_known(struct tracer *tr, struct outstream *o);
/* replay_fast.c: may replay's hook answer call nr (its sites are worth patching)? */
int rp_patchable(struct tracer *tr, uint64_t nr);
/* Is ip past the hook in a stub (its record made, its result not yet back
 * in the program)? A signal or preemption waits until it is out. */
int fp_in_stub_tail(pid_t tid, uint64_t ip);

void *tracer_main(void *arg);
void *replay_main(void *arg);
void session_free(struct session *s);

#endif
