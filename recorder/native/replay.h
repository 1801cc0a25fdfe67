/*
 * The replay loop's files share these: replay.c (the expectation stream,
 * scheduling, stops), replay_calls.c (a recorded call's regions, matching,
 * echo), replay_mmap.c (memory mappings), replay_keep_going.c (--keep-going).
 */
#ifndef SYSTAPE_REPLAY_H
#define SYSTAPE_REPLAY_H

#include <stddef.h>
#include <sys/user.h>

#include "systape.h"

#define REG_OFFSET(r) offsetof(struct user_regs_struct, r)
#define MAP_FIXED_FLAG 0x10
#define MAP_FIXED_NOREPLACE_FLAG 0x100000

/* ---- replay.c ---- */

/* The next expected record (NULL when the stream has ended), and moving past it. */
const struct ev_hdr *head(struct tracer *tr);
/* The record off bytes past the head; reading ahead may move earlier ones. */
const struct ev_hdr *peek(struct tracer *tr, size_t off);
/* As peek, NULL also when the record has not come in yet (it does not wait
 * for the stream, only for the rest of a record on its way). */
const struct ev_hdr *peek_ready(struct tracer *tr, size_t off);
void consume(struct tracer *tr);
void poke_reg(pid_t tid, size_t offset, uint64_t value);
int write_tracee(struct thread *t, uint64_t addr, const void *src, size_t len);
/* t's call is done: let it go back to user space (delivering a recorded signal) */
void resume_after(struct tracer *tr, struct thread *t);
/* execute for real the call t is at; `then` is its state once it runs */
void reenter(struct tracer *tr, struct thread *t, int then);
int redo_under_sysemu(struct tracer *tr, struct thread *t);
/* answer t's call with record x's result and memory */
void emulate(struct tracer *tr, struct thread *t, const struct ev_syscall *x);
void report(struct tracer *tr, int reason, struct thread *t, int stopped);
void diverge(struct tracer *tr, int reason, struct thread *t);
int is_spawn_call(uint32_t nr);

/* ---- replay_calls.c ---- */

struct region {
    const struct ev_mem *m;
    const uint8_t *bytes;
};

int next_region(const struct ev_syscall *x, size_t size, size_t *off, struct region *r);
int holds_addresses(uint32_t nr, int arg, int ordinal);
int next_compared(const struct ev_syscall *x, size_t size, size_t *off, struct region *r,
                  int ordinals[8]);
/* The call t is at, as a record of its own (its captured input regions) */
struct ev_syscall *actual_call(struct thread *t);
int call_matches(struct thread *t, const struct ev_syscall *x);
void echo_bytes(struct tracer *tr, int fd, const uint8_t *bytes, uint32_t n);
void echo(struct tracer *tr, const struct ev_syscall *x);

/* ---- replay_chunk.c ---- */

struct replay_input;
struct replay_input *replay_input_new(void);
void replay_input_free(struct replay_input *ri);
/* The per-number tables (struct replay_tables) from TypeScript's policy. */
int replay_input_tables(struct replay_input *ri, const void *data, size_t len);
/* Fill mappings of the file at path from source instead. */
int replay_input_fill(struct replay_input *ri, const char *path, const char *source);
/* Append the records of one chunk's MessagePack (an array of records) to q
 * as expectations; *records counts them. -1 at a record not in the trace's
 * form, *records then counting those before it. */
int replay_input_chunk(struct replay_input *ri, const uint8_t *data, size_t len, struct buf *q,
                       uint32_t *records);

/* ---- replay_mmap.c ---- */

/* t is entering a real call: an mmap is placed and its file mapped or made
 * anonymous; 1 when t was resumed there */
int entering_real(struct tracer *tr, struct thread *t);
void map_opened(struct tracer *tr, struct thread *t, int64_t fd);
void map_mapped(struct thread *t, int64_t ret);
void map_closed(struct thread *t);
void fill_mapping(struct tracer *tr, struct thread *t, const struct ev_syscall *x, uint64_t addr);

/* ---- replay_keep_going.c ---- */

/* t's call left the recording: stop, or with --keep-going report and go on */
int skippable_record(const struct ev_syscall *x);
void mismatch(struct tracer *tr, int reason, struct thread *t, const struct ev_syscall *same);

/* ---- replay_fast.c ---- */

/* t goes back to user space: give its hook the records it can answer. */
size_t rp_give(struct tracer *tr, struct thread *t);
/* t stopped: consume what its hook answered. */
void rp_sync(struct tracer *tr, struct thread *t);
/* the tracer answers t's call itself: the hook's records are void */
void rp_drop(struct tracer *tr, struct thread *t);
/* t entered a call at a site not patched yet: patch it, make the call again */
int rp_try_patch(struct tracer *tr, struct thread *t, uint64_t ip);
/* t has just exec'd: map the hook into the new program */
void rp_inject(struct tracer *tr, struct thread *t);

#endif
