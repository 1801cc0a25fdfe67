/*
 * Site patching: at the first seccomp stop at a syscall site whose calls the
 * hook can take, rewrite the `syscall` instruction and a neighbour into a
 * 5-byte jump to a stub that calls the hook (fastpath/entry.S), then rewind
 * the thread to make its call again, through the stub.
 *
 * Two shapes cover most of glibc's sites:
 *   A  mov $nr,%eax; syscall             (7 bytes, the stub sets eax again)
 *   B  syscall; <instructions>           (the stub runs the relocated
 *                                         instructions after the hook)
 * A site is left alone when a branch could land inside the patched bytes
 * (on an instruction the patch replaces) or when another thread could be
 * about to execute them, or return into them from the kernel.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#include "fastpath/calls.h"
#include "fastpath/fastpath.h"
#include "systape.h"

#define JMP_LEN 5
#define STUB_SLOT 128
/* the stub's done part, to `after` (see fp_try_patch) */
#define STUB_DONE_LEN 35
/* branches are looked for this far around a site (rel32 ones from further
 * away are possible but would come from another function's cold part) */
#define SCAN 4096
/* known sites this close are patched with one write (patch_known_batch) */
#define MERGE_GAP 1024

/* ---- a length decoder for the instructions glibc puts after `syscall` ---- */

/* Length of the position-independent, non-branching instruction at p, or 0
 * when it is something else (or not one we know). */
static unsigned insn_len(const uint8_t *p)
{
    unsigned n = 0;
    int opsize16 = 0, rex_w = 0;
    if (p[n] == 0x66) {
        opsize16 = 1;
        n++;
    }
    if ((p[n] & 0xf0) == 0x40) {
        rex_w = (p[n] & 8) != 0;
        n++;
    }
    uint8_t op = p[n++];
    unsigned imm = 0;
    int modrm = 0;
    switch (op) {
    case 0x05: case 0x0d: case 0x15: case 0x1d: case 0x25: case 0x2d: case 0x35: case 0x3d:
        imm = opsize16 ? 2 : 4; /* ALU eax, imm */
        break;
    case 0x01: case 0x03: case 0x09: case 0x0b: case 0x21: case 0x23: case 0x29: case 0x2b:
    case 0x31: case 0x33: case 0x39: case 0x3b: case 0x85: case 0x87: case 0x89: case 0x8b:
    case 0x8d: /* lea (rip-relative refused below) */
        modrm = 1;
        break;
    case 0x80: case 0x83: case 0xc6: case 0xc1:
        modrm = 1;
        imm = 1;
        break;
    case 0x81: case 0xc7:
        modrm = 1;
        imm = opsize16 ? 2 : 4;
        break;
    case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
    case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
        return n;
    case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
        return n + (rex_w ? 8 : opsize16 ? 2 : 4);
    default:
        return 0;
    }
    if (modrm) {
        uint8_t m = p[n++];
        unsigned mod = m >> 6, rm = m & 7;
        if (mod != 3 && rm == 4) {
            uint8_t sib = p[n++];
            if (mod == 0 && (sib & 7) == 5)
                n += 4;
        } else if (mod == 0 && rm == 5) {
            return 0; /* rip-relative: would read elsewhere from the stub */
        }
        if (mod == 1)
            n += 1;
        else if (mod == 2)
            n += 4;
    }
    return n + imm;
}

/* ---- sites that cannot be patched, remembered per process ---- */

#define REFUSED_SLOTS 4096

struct refused {
    pid_t pid;
    uint64_t site;
};

static int refused_find(struct tracer *tr, pid_t pid, uint64_t site, int insert)
{
    struct refused *tab = tr->fp_refused;
    if (!tab) {
        if (!insert)
            return 0;
        tab = tr->fp_refused = calloc(REFUSED_SLOTS, sizeof *tab);
        if (!tab)
            return 0;
    }
    unsigned h = (unsigned)((site >> 1) ^ (uint64_t)pid * 0x9e3779b1u) % REFUSED_SLOTS;
    for (unsigned i = 0; i < REFUSED_SLOTS; i++, h = (h + 1) % REFUSED_SLOTS) {
        if (tab[h].site == site && tab[h].pid == pid)
            return 1;
        if (tab[h].site == 0) {
            if (insert && tr->fp_refused_n < REFUSED_SLOTS / 2) {
                tab[h] = (struct refused){pid, site};
                tr->fp_refused_n++;
            }
            return 0;
        }
    }
    return 0;
}

void fp_free(struct tracer *tr)
{
    free(tr->fp_refused);
    free(tr->fp_known);
    buf_free(&tr->fp_code);
}

void fp_forget_process(struct tracer *tr, pid_t pid)
{
    struct refused *tab = tr->fp_refused;
    if (!tab)
        return;
    /* rebuild without pid's entries (open addressing cannot just clear them) */
    struct refused *old = tab;
    tr->fp_refused = NULL;
    tr->fp_refused_n = 0;
    for (unsigned i = 0; i < REFUSED_SLOTS; i++)
        if (old[i].site && old[i].pid != pid)
            refused_find(tr, old[i].pid, old[i].site, 1);
    free(old);
}

/* ---- checks ---- */

/* Could a relative branch in code[] (which starts at base) land on one of
 * the n targets? Every byte is taken as a possible opcode (no decoding), so
 * only the instructions' own starts are looked for: a wider net would catch
 * bytes that only look like branches. */
static int branch_lands_on(const uint8_t *code, size_t len, uint64_t base, const uint64_t *targets,
                           unsigned n)
{
    for (size_t i = 0; i + 2 <= len; i++) {
        uint8_t b = code[i];
        uint64_t to;
        if (b == 0xeb || (b >= 0x70 && b <= 0x7f) || b == 0xe3) {
            to = base + i + 2 + (uint64_t)(int64_t)(int8_t)code[i + 1];
        } else if ((b == 0xe9 || b == 0xe8) && i + 5 <= len) {
            int32_t rel;
            memcpy(&rel, code + i + 1, 4);
            to = base + i + 5 + (uint64_t)(int64_t)rel;
        } else if (b == 0x0f && (code[i + 1] & 0xf0) == 0x80 && i + 6 <= len) {
            int32_t rel;
            memcpy(&rel, code + i + 2, 4);
            to = base + i + 6 + (uint64_t)(int64_t)rel;
        } else {
            continue;
        }
        for (unsigned k = 0; k < n; k++)
            if (to == targets[k])
                return 1;
    }
    return 0;
}

/* Where the other threads of t's process are: each one's instruction
 * pointer, or for one in a call, where it made the call (a restart moves it
 * back there). A patch must not cover the bytes just before one of them: the
 * thread would go on in the middle of the jump. Returns the number found, or
 * -1 when one cannot be told (running): be safe, patch nothing. */
static int others_at(struct tracer *tr, struct thread *t, struct buf *ips)
{
    int n = 0;
    for (struct thread *u = tr->all; u; u = u->all_next) {
        if (u == t || u->pid != t->pid)
            continue;
        uint64_t ip;
        struct user_regs_struct regs;
        if (u->in_syscall || u->pending)
            ip = u->entry_ip;
        else if (ptrace(PTRACE_GETREGS, u->tid, 0, &regs) == 0)
            ip = regs.rip;
        else
            return -1;
        if (!buf_append(ips, &ip, sizeof ip))
            return -1;
        n++;
    }
    return n;
}

static int any_inside(const uint64_t *ips, int n, uint64_t start, uint64_t end)
{
    for (int i = 0; i < n; i++)
        if (ips[i] > start && ips[i] <= end)
            return 1;
    return 0;
}

/* Read what can be read of [addr, addr + len) into dst, zeros elsewhere. */
static void read_around(pid_t tid, uint64_t addr, uint8_t *dst, size_t len)
{
    struct iovec whole = {dst, len}, from = {(void *)(uintptr_t)addr, len};
    if (process_vm_readv(tid, &whole, 1, &from, 1, 0) == (ssize_t)len)
        return; /* all mapped, as is usual */
    memset(dst, 0, len);
    for (size_t off = 0; off < len;) {
        size_t chunk = 4096 - ((addr + off) & 4095);
        if (chunk > len - off)
            chunk = len - off;
        struct iovec local = {dst + off, chunk};
        struct iovec remote = {(void *)(uintptr_t)(addr + off), chunk};
        process_vm_readv(tid, &local, 1, &remote, 1, 0);
        off += chunk;
    }
}

static size_t put_bytes(uint8_t *stub, size_t n, const char *bytes, size_t len)
{
    memcpy(stub + n, bytes, len);
    return n + len;
}

static void put_rel32(uint8_t *p, uint64_t from_end, uint64_t to)
{
    int32_t rel = (int32_t)(int64_t)(to - from_end);
    memcpy(p, &rel, 4);
}

static int within_rel32(uint64_t a, uint64_t b)
{
    int64_t d = (int64_t)(a - b);
    return d > -0x7ff00000LL && d < 0x7ff00000LL;
}

/* ---- stubs ---- */

int fp_in_stub_tail(pid_t tid, uint64_t ip)
{
    if (ip < FP_STUBS || ip >= FP_STUBS_END)
        return 0;
    uint64_t base = FP_STUBS + (ip - FP_STUBS) / STUB_SLOT * STUB_SLOT;
    uint8_t first;
    if (mem_read(tid, base, &first, 1) < 0)
        return 0;
    /* see the layout in fp_try_patch: [mov] lea jmp, traced part, done part
     * up to and with the yield; from `after` on, the call is complete */
    uint64_t done = base + (first == 0xb8 ? 5 : 0) + 12 + FP_STUB_TRACED_BACK;
    return ip >= done && ip < done + STUB_DONE_LEN;
}

/* ---- sites patched in other processes ---- */

/* The bytes around a site that say it is the same code (site - 8 on). */
#define KNOWN_BYTES 24

/* A site patched in some process. Without address randomisation a program
 * and its libraries are where they were the last time it ran, so the next
 * process running it gets the same patches in one go, instead of a stop at
 * each site on first use. (Only the same program's: another uses other
 * sites, and patching a site costs more than a stop it never makes.) */
struct known_site {
    uint64_t program; /* thread.fp_exec.program */
    uint64_t site;
    uint64_t nr;
    uint64_t window; /* window_hash of the code branch_lands_on checked */
    uint8_t code[KNOWN_BYTES];
    uint32_t used; /* patched in this session (not just known from an earlier one) */
    uint32_t pad;
};
_Static_assert(sizeof(struct known_site) == FP_KNOWN_ENTRY, "known sites go out as they are");

/* A hash of the bytes around a site: the same bytes at the same place give
 * the same verdict, so a known site's branches need no second look. (Four
 * independent lanes: a known site's window is hashed at every exec.) */
static uint64_t window_hash(const uint8_t *code, size_t len)
{
    uint64_t h[4] = {0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL, 0x165667b19e3779f9ULL,
                     0x27d4eb2f165667c5ULL};
    for (size_t i = 0; i + 32 <= len; i += 32)
        for (int k = 0; k < 4; k++) {
            uint64_t w;
            memcpy(&w, code + i + 8 * k, 8);
            h[k] = (h[k] ^ w) * 0xff51afd7ed558ccdULL;
            h[k] ^= h[k] >> 32;
        }
    return h[0] ^ (h[1] * 3) ^ (h[2] * 5) ^ (h[3] * 7);
}

/* Index of the first known site at or after addr (the list is sorted). */
static size_t known_from(const struct tracer *tr, uint64_t addr)
{
    size_t lo = 0, hi = tr->fp_known_n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tr->fp_known[mid].site < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Note a site patched in t's program. `learned`: at its first call, not as
 * one known already (whose version seen at exec, with its neighbours not
 * patched yet, is worth keeping for this session's processes, not a new
 * site for the next session). */
static void remember_site(struct tracer *tr, uint64_t program, uint64_t site, uint64_t nr,
                          const uint8_t *code, uint64_t window, int learned)
{
    size_t at = known_from(tr, site);
    for (size_t i = at; i < tr->fp_known_n && tr->fp_known[i].site == site; i++)
        if (tr->fp_known[i].program == program && tr->fp_known[i].window == window &&
            !memcmp(tr->fp_known[i].code, code, KNOWN_BYTES)) {
            tr->fp_known[i].used = 1;
            return;
        }
    if (tr->fp_known_n == tr->fp_known_cap) {
        size_t cap = tr->fp_known_cap ? 2 * tr->fp_known_cap : 64;
        struct known_site *k = realloc(tr->fp_known, cap * sizeof *k);
        if (!k)
            return;
        tr->fp_known = k;
        tr->fp_known_cap = cap;
    }
    memmove(&tr->fp_known[at + 1], &tr->fp_known[at], (tr->fp_known_n - at) * sizeof *tr->fp_known);
    tr->fp_known_n++;
    struct known_site *k = &tr->fp_known[at];
    k->program = program;
    k->site = site;
    k->nr = nr;
    k->window = window;
    memcpy(k->code, code, KNOWN_BYTES);
    k->used = 1;
    k->pad = 0;
    tr->fp_known_added += learned;
}

/* ---- known sites from and for other sessions ---- */

/* Sites handed on at most: beyond, only those this session patched go on
 * (sites of a library since replaced are never patched again). */
#define KNOWN_KEPT 16384

static int by_site(const void *a, const void *b)
{
    const struct known_site *x = a, *y = b;
    return x->site < y->site ? -1 : x->site > y->site;
}

void fp_load_known(struct tracer *tr, uint8_t **entries, uint32_t n)
{
    if (!*entries || !n || n > 4 * KNOWN_KEPT)
        return;
    struct known_site *k = (struct known_site *)*entries; /* (malloc'd: aligned for it) */
    *entries = NULL;
    /* (the code at each is checked before it is patched, whatever the list says) */
    for (uint32_t i = 0; i < n; i++)
        k[i].used = 0;
    qsort(k, n, sizeof *k, by_site);
    free(tr->fp_known);
    tr->fp_known = k;
    tr->fp_known_n = tr->fp_known_cap = n;
    tr->fp_known_added = 0;
}

void fp_emit_known(struct tracer *tr, struct outstream *o)
{
    if (!tr->fp_known_added)
        return; /* nothing the next session would not know */
    size_t n = 0, all = tr->fp_known_n <= KNOWN_KEPT;
    struct buf b = {0};
    struct ev_sites *e = buf_append(&b, NULL, sizeof *e);
    for (size_t i = 0; e && i < tr->fp_known_n; i++)
        if (all || tr->fp_known[i].used) {
            if (!buf_append(&b, &tr->fp_known[i], sizeof tr->fp_known[i]))
                break;
            n++;
        }
    if (b.data && b.len == sizeof *e + n * sizeof(struct known_site)) {
        e = (struct ev_sites *)b.data;
        *e = (struct ev_sites){.h = {(uint32_t)b.len, EV_SITES, 0}, .n = (uint32_t)n,
                               .entry_size = FP_KNOWN_ENTRY};
        out_event(o, b.data, b.len);
    }
    buf_free(&b);
}

/* ---- planning a patch ---- */

/* A site's patch, worked out from the code around it. */
struct plan {
    uint64_t nr, site;
    uint64_t start, end; /* the bytes the jump (and nops) replace */
    uint32_t imm;        /* shape A: the mov's immediate */
    const uint8_t *s;    /* the site's bytes, in the window read */
    uint64_t window;     /* window_hash of the window */
};

enum { PLAN_OK, PLAN_NOT_NOW, PLAN_REFUSE };

/* Work out the patch of the site from code, the 2 * SCAN bytes from
 * site - SCAN. With `known`, the site is one patched in another process:
 * PLAN_NOT_NOW when the code there is not the code it was. */
static int plan_site(struct plan *p, const uint8_t *code, uint64_t site, uint64_t nr,
                     const struct known_site *known)
{
    if (!within_rel32(site, FP_STUBS) || !within_rel32(site, FP_STUBS_END))
        return PLAN_REFUSE;
    const uint8_t *s = code + SCAN;
    if (known && memcmp(s - 8, known->code, KNOWN_BYTES))
        return PLAN_NOT_NOW;
    if (s[0] != 0x0f || s[1] != 0x05)
        return PLAN_REFUSE;
    uint64_t window = window_hash(code, 2 * SCAN);
    int checked = known && known->window == window; /* its branches, once already */

    uint64_t inner[8]; /* the starts of the patched instructions, but the first */
    unsigned ninner = 0;
    uint32_t imm;
    memcpy(&imm, s - 4, 4);
    if (s[-5] == 0xb8 && imm == (uint32_t)nr) {
        p->start = site - 5; /* A */
        p->end = site + 2;
        inner[ninner++] = site;
    } else {
        p->start = site; /* B: whole instructions until 5 bytes are covered */
        p->end = site + 2;
        while (p->end - p->start < JMP_LEN) {
            unsigned len = insn_len(s + (p->end - site));
            if (len == 0 || ninner == 8)
                return PLAN_REFUSE;
            inner[ninner++] = p->end;
            p->end += len;
        }
    }
    if (!checked && branch_lands_on(code, 2 * SCAN, site - SCAN, inner, ninner))
        return PLAN_REFUSE;
    p->nr = nr;
    p->site = site;
    p->imm = imm;
    p->s = s;
    p->window = window;
    return PLAN_OK;
}

/* The stub of p, to go at address at, into stub[STUB_SLOT]. Returns its
 * length, 0 if the layout came out other than fastpath.h and the stub tail
 * check (fp_in_stub_tail) expect.
 *
 *         [mov $nr,%eax]
 *         lea done(%rip),%rcx
 *         jmp fp_hook_entry        ; comes back on its own stack (entry.S)
 * traced: lea 8(%rsp),%rcx         ; the hook could not take the call:
 *         mov (%rsp),%rsp          ;   back on the program's stack,
 *         mov %rcx,next_top(%rip)  ;   the hook's stack released,
 *         syscall                  ;   the call, where the tracer sees it
 *         jmp after
 * done:   lea 8(%rsp),%rcx
 *         mov (%rsp),%rsp
 *         mov -16(%rcx),%r11       ; r11 = the flags, as `syscall` leaves it
 *         mov %rcx,next_top(%rip)
 *         mov yield(%rip),%ecx     ; others wait for the token?
 *         jrcxz after              ; (no flags touched)
 *         mov $FP_REQ_YIELD,%eax   ; then yield: the tracer gives rax back
 *         syscall
 * after:  movabs $<after the site's syscall>,%rcx   ; as `syscall` leaves it
 *         [relocated instructions]
 *         jmp <after the patched bytes>
 * Shape A adds the mov first, shape B the relocated instructions after. rcx
 * and r11 end as the replaced `syscall` would leave them, so whatever the
 * program does with them is what it does without the hook. */
static size_t build_stub(uint8_t *stub, uint64_t at, const struct plan *p)
{
    const uint64_t start = p->start, end = p->end, site = p->site;
    const uint8_t *s = p->s;
    const uint32_t imm = p->imm;
    size_t n = 0;
    if (start != site) {
        stub[n++] = 0xb8;
        memcpy(stub + n, &imm, 4);
        n += 4;
    }
    size_t lea = n;
    n = put_bytes(stub, n, "\x48\x8d\x0d\0\0\0\0", 7); /* lea done(%rip),%rcx */
    stub[n++] = 0xe9;                                    /* jmp fp_hook_entry */
    put_rel32(stub + n, at + n + 4, fp_hook_entry());
    n += 4;
    size_t traced = n;
    n = put_bytes(stub, n, "\x48\x8d\x4c\x24\x08", 5); /* lea 8(%rsp),%rcx */
    n = put_bytes(stub, n, "\x48\x8b\x24\x24", 4);     /* mov (%rsp),%rsp */
    n = put_bytes(stub, n, "\x48\x89\x0d", 3);          /* mov %rcx,next_top(%rip) */
    put_rel32(stub + n, at + n + 4, FP_CTL_NEXT_TOP);
    n += 4;
    n = put_bytes(stub, n, "\x0f\x05", 2); /* syscall */
    size_t skip = n;
    n = put_bytes(stub, n, "\xeb\0", 2); /* jmp after */
    size_t done = n;
    put_rel32(stub + lea + 3, at + lea + 7, at + done);
    n = put_bytes(stub, n, "\x48\x8d\x4c\x24\x08", 5); /* lea 8(%rsp),%rcx */
    n = put_bytes(stub, n, "\x48\x8b\x24\x24", 4);     /* mov (%rsp),%rsp */
    n = put_bytes(stub, n, "\x4c\x8b\x59\xf0", 4);     /* mov -16(%rcx),%r11 */
    n = put_bytes(stub, n, "\x48\x89\x0d", 3);          /* mov %rcx,next_top(%rip) */
    put_rel32(stub + n, at + n + 4, FP_CTL_NEXT_TOP);
    n += 4;
    n = put_bytes(stub, n, "\x8b\x0d", 2); /* mov yield(%rip),%ecx */
    put_rel32(stub + n, at + n + 4, FP_CTL + offsetof(struct fp_ctl, yield));
    n += 4;
    n = put_bytes(stub, n, "\xe3\x07", 2); /* jrcxz after */
    stub[n++] = 0xb8;                      /* mov $FP_REQ_YIELD,%eax */
    const uint32_t yield_nr = FP_REQ_YIELD;
    memcpy(stub + n, &yield_nr, 4);
    n += 4;
    n = put_bytes(stub, n, "\x0f\x05", 2); /* syscall */
    stub[skip + 1] = (uint8_t)(n - (skip + 2));
    if (n - done != STUB_DONE_LEN)
        return 0;
    n = put_bytes(stub, n, "\x48\xb9", 2); /* movabs $<after the site's syscall>,%rcx */
    uint64_t syscall_ret = site + 2;
    memcpy(stub + n, &syscall_ret, 8);
    n += 8;
    if (start == site) {
        memcpy(stub + n, s + 2, end - site - 2);
        n += end - site - 2;
    }
    stub[n++] = 0xe9; /* jmp back */
    put_rel32(stub + n, at + n + 4, end);
    n += 4;
    if (done - traced != FP_STUB_TRACED_BACK)
        return 0;
    return n;
}

/* The jump over p's bytes to its stub at `at` (nops after it). */
static size_t build_jump(uint8_t *patch, uint64_t at, const struct plan *p)
{
    size_t len = (size_t)(p->end - p->start);
    patch[0] = 0xe9;
    put_rel32(patch + 1, p->start + JMP_LEN, at);
    memset(patch + JMP_LEN, 0x90, len - JMP_LEN);
    return len;
}

static const uint64_t STUB_NEXT = FP_CTL + offsetof(struct fp_ctl, stub_next);

/* ---- a site at its first call ---- */

/* Is a site of call nr worth a patch: will the hook (record's, or replay's)
 * make or answer the call itself? */
static int worth_patching(struct tracer *tr, uint64_t nr)
{
    return tr->replaying ? rp_patchable(tr, nr) : fp_class_of(nr) != FP_SLOW;
}

int fp_try_patch(struct tracer *tr, struct thread *t, uint64_t nr, uint64_t ip)
{
    if (!worth_patching(tr, nr) || ip < 2 || t->fp_no_patch)
        return 0;
    uint64_t site = ip - 2;
    if (site >= FP_BASE && site < FP_BASE + FP_SIZE)
        return 0; /* the hook's own traced syscall */
    if (refused_find(tr, t->pid, site, 0))
        return 0;

    uint8_t code[2 * SCAN]; /* (not static: recordings run side by side in one process) */
    read_around(t->tid, site - SCAN, code, sizeof code);
    struct plan p;
    int verdict = plan_site(&p, code, site, nr, NULL);
    if (verdict != PLAN_OK) {
        if (verdict == PLAN_REFUSE)
            refused_find(tr, t->pid, site, 1);
        return 0;
    }
    struct buf ips = {0};
    int n = others_at(tr, t, &ips);
    int inside = n < 0 || any_inside((const uint64_t *)ips.data, n, p.start, p.end);
    buf_free(&ips);
    if (inside)
        return 0; /* maybe another time */

    uint64_t at;
    if (mem_read(t->tid, STUB_NEXT, &at, sizeof at) < 0)
        return 0;
    if (!at)
        at = FP_STUBS;
    if (at + STUB_SLOT > FP_STUBS_END)
        return 0; /* no room left: the tracer records this site's calls */
    uint8_t stub[STUB_SLOT], jump[32];
    size_t len = build_stub(stub, at, &p);
    const uint64_t next = at + STUB_SLOT;
    if (!len || fp_write_stub(t->tid, at, stub, len) < 0 ||
        mem_poke(t->tid, STUB_NEXT, &next, sizeof next) < 0)
        return 0;
    if (mem_write(t->tid, p.start, jump, build_jump(jump, at, &p)) < 0)
        return 0;
    remember_site(tr, t->fp_exec.program, site, nr, p.s - 8, p.window, 1);
    tr->fp_sites++;

    /* Make the call again, through the stub. */
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
        return 0;
    regs.orig_rax = (uint64_t)-1;
    regs.rax = nr;
    regs.rip = p.start;
    return ptrace(PTRACE_SETREGS, t->tid, 0, &regs) == 0;
}

/* ---- the sites known from other processes, in one go ---- */

/* Read the windows around the sites (sorted) into b: one process_vm_readv
 * for all, over the windows merged where they overlap. win[i] is where site
 * i's window starts in b. */
static int read_windows(pid_t tid, const struct known_site *k, size_t n, struct buf *b,
                        size_t *win)
{
    struct iovec local[64], remote[64];
    size_t nio = 0, total = 0;
    b->len = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t lo = k[i].site - SCAN, hi = k[i].site + SCAN;
        if (nio && lo <= (uint64_t)(uintptr_t)remote[nio - 1].iov_base + remote[nio - 1].iov_len) {
            uint64_t from = (uint64_t)(uintptr_t)remote[nio - 1].iov_base;
            uint64_t to = from + remote[nio - 1].iov_len;
            win[i] = total - (size_t)(to - lo);
            if (hi > to) {
                remote[nio - 1].iov_len += (size_t)(hi - to);
                total += (size_t)(hi - to);
            }
            continue;
        }
        if (nio == 64)
            return -1; /* (the caller takes sites 64 windows at a time) */
        remote[nio] = (struct iovec){(void *)(uintptr_t)lo, 2 * SCAN};
        win[i] = total;
        total += 2 * SCAN;
        nio++;
    }
    if (buf_reserve(b, total) < 0)
        return -1;
    size_t off = 0;
    for (size_t i = 0; i < nio; i++) {
        local[i] = (struct iovec){b->data + off, remote[i].iov_len};
        off += remote[i].iov_len;
    }
    if (process_vm_readv(tid, local, nio, remote, nio, 0) != (ssize_t)total)
        for (size_t i = 0; i < nio; i++) /* some of it unmapped: read what is there */
            read_around(tid, (uint64_t)(uintptr_t)remote[i].iov_base, local[i].iov_base,
                        local[i].iov_len);
    b->len = total;
    return 0;
}

/* Patch what can be of n known sites (sorted, up to 64 windows' worth) in t's
 * process: their stubs written in one go, then a jump at each site. */
static void patch_known_batch(struct tracer *tr, struct thread *t, const struct known_site *k,
                              size_t n, const uint64_t *ips, int nips)
{
    size_t win[64];
    uint8_t jumps[64][32];
    size_t jump_len[64];
    struct plan plans[64];
    struct buf *code = &tr->fp_code;
    if (read_windows(t->tid, k, n, code, win) < 0)
        return;
    uint64_t at;
    if (mem_read(t->tid, STUB_NEXT, &at, sizeof at) < 0)
        return;
    if (!at)
        at = FP_STUBS;
    const uint64_t first = at;
    uint8_t stubs[64 * STUB_SLOT];
    size_t np = 0;
    uint64_t last = 0;
    for (size_t i = 0; i < n; i++) {
        if (k[i].site == last)
            continue; /* planned already (as another version of it) */
        struct plan *p = &plans[np];
        int verdict = plan_site(p, code->data + win[i], k[i].site, k[i].nr, &k[i]);
        if (verdict == PLAN_REFUSE)
            refused_find(tr, t->pid, k[i].site, 1);
        if (verdict != PLAN_OK || any_inside(ips, nips, p->start, p->end))
            continue;
        if (at + STUB_SLOT > FP_STUBS_END)
            break; /* no room left: the tracer records these sites' calls */
        uint8_t *stub = stubs + (at - first);
        memset(stub, 0, STUB_SLOT);
        if (!build_stub(stub, at, p))
            continue;
        jump_len[np] = build_jump(jumps[np], at, p);
        at += STUB_SLOT;
        last = k[i].site;
        np++;
    }
    if (!np || fp_write_stub(t->tid, first, stubs, (size_t)(at - first)) < 0 ||
        mem_poke(t->tid, STUB_NEXT, &at, sizeof at) < 0)
        return;
    /* The jumps: one write for sites close together, the bytes between them
     * written as they are (each write to the program's code is a syscall,
     * and glibc's syscall wrappers sit side by side). */
    for (size_t j = 0, e; j < np; j = e) {
        const uint64_t lo = plans[j].start;
        for (e = j + 1; e < np; e++) {
            const struct plan *p = &plans[e];
            if (p->start - plans[e - 1].end > MERGE_GAP || p->end - lo > 4096 ||
                p->s - plans[j].s != (ptrdiff_t)(p->site - plans[j].site))
                break; /* far, or its bytes are not next to the others' in the code read */
        }
        const uint64_t hi = plans[e - 1].end;
        uint8_t run[4096];
        memcpy(run, plans[j].s - (plans[j].site - lo), (size_t)(hi - lo));
        for (size_t m = j; m < e; m++)
            memcpy(run + (plans[m].start - lo), jumps[m], jump_len[m]);
        if (mem_write(t->tid, lo, run, (size_t)(hi - lo)) < 0)
            continue;
        for (size_t m = j; m < e; m++) {
            remember_site(tr, t->fp_exec.program, plans[m].site, plans[m].nr, plans[m].s - 8,
                          plans[m].window, 0);
            tr->fp_sites++;
        }
    }
}

void fp_patch_known(struct tracer *tr, struct thread *t, uint64_t lo, uint64_t hi)
{
    if (!t->fp || t->fp_no_patch)
        return;
    /* copies: patching adds versions of sites to the list, which moves */
    struct known_site mine[64];
    size_t n = 0;
    struct buf ips = {0};
    int nips = -2; /* (not looked at yet) */
    for (size_t i = known_from(tr, lo); i <= tr->fp_known_n; i++) {
        int more = i < tr->fp_known_n && tr->fp_known[i].site < hi;
        /* a batch ends between two sites, never between versions of one */
        if (n && (!more || (n >= 48 && tr->fp_known[i].site != mine[n - 1].site) || n == 64)) {
            if (nips == -2) {
                nips = others_at(tr, t, &ips);
                /* t itself is stopped somewhere: as good as another thread */
                struct user_regs_struct regs;
                if (nips >= 0 && ptrace(PTRACE_GETREGS, t->tid, 0, &regs) == 0 &&
                    buf_append(&ips, &regs.rip, sizeof regs.rip))
                    nips++;
                else
                    nips = -1;
            }
            if (nips < 0)
                break; /* where a thread is cannot be told: patch nothing */
            patch_known_batch(tr, t, mine, n, (const uint64_t *)ips.data, nips);
            n = 0;
        }
        if (!more)
            break;
        const struct known_site *k = &tr->fp_known[i];
        /* (a site known from a recording may be one replay does not patch, and back) */
        if (k->program == t->fp_exec.program && worth_patching(tr, k->nr) &&
            !refused_find(tr, t->pid, k->site, 0))
            mine[n++] = *k;
    }
    buf_free(&ips);
}

/* Up to 32 program headers, read at addr in tid's memory: how many. */
static uint64_t read_phdrs(pid_t tid, uint64_t addr, uint64_t n, Elf64_Phdr ph[32])
{
    if (n > 32)
        n = 32;
    return n && mem_read(tid, addr, ph, n * sizeof *ph) == 0 ? n : 0;
}

/* Patch the known sites in the executable segments of the n program headers
 * ph, of an object loaded bias bytes from the addresses they give. */
static void patch_segments(struct tracer *tr, struct thread *t, const Elf64_Phdr *ph, uint64_t n,
                           uint64_t bias)
{
    for (uint64_t i = 0; i < n; i++)
        if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X))
            fp_patch_known(tr, t, bias + ph[i].p_vaddr, bias + ph[i].p_vaddr + ph[i].p_memsz);
}

void fp_patch_known_mapped(struct tracer *tr, struct thread *t)
{
    if (!t->fp || t->fp_no_patch)
        return;
    size_t mine = 0;
    while (mine < tr->fp_known_n && tr->fp_known[mine].program != t->fp_exec.program)
        mine++;
    if (mine == tr->fp_known_n)
        return; /* a program not seen before */
    /* Just exec'd, it has its own code and its interpreter's mapped, where
     * its auxv says: their program headers tell where the code is. */
    const struct exec_info *x = &t->fp_exec;
    Elf64_Phdr ph[32];
    uint64_t n = read_phdrs(t->tid, x->phdr, x->phnum, ph);
    uint64_t bias = 0; /* (no PT_PHDR: not relocated) */
    for (uint64_t i = 0; i < n; i++)
        if (ph[i].p_type == PT_PHDR)
            bias = x->phdr - ph[i].p_vaddr;
    patch_segments(tr, t, ph, n, bias);
    Elf64_Ehdr eh;
    if (x->interp && mem_read(t->tid, x->interp, &eh, sizeof eh) == 0 &&
        !memcmp(eh.e_ident, ELFMAG, SELFMAG) && eh.e_phentsize == sizeof(Elf64_Phdr)) {
        n = read_phdrs(t->tid, x->interp + eh.e_phoff, eh.e_phnum, ph);
        patch_segments(tr, t, ph, n, x->interp);
    }
}
