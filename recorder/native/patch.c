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

/* Is some other thread of t's process where the patch would hurt it: about
 * to execute the bytes (start, end), or inside a call made at end, which a
 * restart would move back into them? */
static int others_inside(struct tracer *tr, struct thread *t, uint64_t start, uint64_t end)
{
    for (struct thread *u = tr->all; u; u = u->all_next) {
        if (u == t || u->pid != t->pid)
            continue;
        if (u->in_syscall || u->pending) {
            if (u->entry_ip > start && u->entry_ip <= end)
                return 1;
            continue;
        }
        struct user_regs_struct regs;
        if (ptrace(PTRACE_GETREGS, u->tid, 0, &regs) < 0)
            return 1; /* running or unknown: be safe */
        if (regs.rip > start && regs.rip <= end)
            return 1;
    }
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

/* ---- patching ---- */

/* ---- sites patched in other processes ---- */

/* The bytes around a site that say it is the same code (site - 8 on). */
#define KNOWN_BYTES 24

/* A site patched in some process. Without address randomisation a program
 * and its libraries are where they were the last time it ran, so the next
 * process running it gets the same patches in one go, instead of a stop at
 * each site on first use. (Only the same program's: another uses other
 * sites, and patching a site costs more than a stop it never makes.) */
struct known_site {
    uint64_t program; /* thread.fp_program */
    uint64_t site;
    uint64_t nr;
    uint64_t window; /* window_hash of the code branch_lands_on checked */
    uint8_t code[KNOWN_BYTES];
};

/* A hash of the bytes around a site: the same bytes at the same place give
 * the same verdict, so a known site's branches need no second look. */
static uint64_t window_hash(const uint8_t *code, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, code + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    return h;
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

static void remember_site(struct tracer *tr, uint64_t program, uint64_t site, uint64_t nr,
                          const uint8_t *code, uint64_t window)
{
    size_t at = known_from(tr, site);
    for (size_t i = at; i < tr->fp_known_n && tr->fp_known[i].site == site; i++)
        if (tr->fp_known[i].program == program && tr->fp_known[i].window == window &&
            !memcmp(tr->fp_known[i].code, code, KNOWN_BYTES))
            return;
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
}

static int patch_site(struct tracer *tr, struct thread *t, uint64_t nr, uint64_t site,
                      const struct known_site *known);

void fp_patch_known(struct tracer *tr, struct thread *t, uint64_t lo, uint64_t hi)
{
    if (!t->fp || t->fp_no_patch)
        return;
    uint64_t last = 0;
    for (size_t i = known_from(tr, lo); i < tr->fp_known_n && tr->fp_known[i].site < hi; i++) {
        const struct known_site *k = &tr->fp_known[i];
        if (k->site == last || k->program != t->fp_program)
            continue; /* patched already (as another version of it), or another program's */
        if (!refused_find(tr, t->pid, k->site, 0) && patch_site(tr, t, k->nr, k->site, k))
            last = k->site;
    }
}

void fp_patch_known_mapped(struct tracer *tr, struct thread *t)
{
    if (!t->fp || t->fp_no_patch)
        return;
    size_t mine = 0;
    while (mine < tr->fp_known_n && tr->fp_known[mine].program != t->fp_program)
        mine++;
    if (mine == tr->fp_known_n)
        return; /* a program not seen before */
    char name[64], line[512];
    snprintf(name, sizeof name, "/proc/%d/maps", t->pid);
    FILE *f = fopen(name, "re");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        unsigned long long lo, hi;
        char perms[5];
        if (sscanf(line, "%llx-%llx %4s", &lo, &hi, perms) == 3 && perms[2] == 'x')
            fp_patch_known(tr, t, lo, hi);
    }
    fclose(f);
}

int fp_try_patch(struct tracer *tr, struct thread *t, uint64_t nr, uint64_t ip)
{
    int worth = tr->replaying ? rp_patchable(tr, nr) : fp_class_of(nr) != FP_SLOW;
    if (!worth || ip < 2 || t->fp_no_patch)
        return 0;
    uint64_t site = ip - 2;
    if (site >= FP_BASE && site < FP_BASE + FP_SIZE)
        return 0; /* the hook's own traced syscall */
    if (refused_find(tr, t->pid, site, 0))
        return 0;
    return patch_site(tr, t, nr, site, NULL);
}

/* Is t itself stopped where the patch would hurt it (see others_inside)? */
static int self_inside(struct thread *t, uint64_t start, uint64_t end)
{
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
        return 1;
    return regs.rip > start && regs.rip <= end;
}

/* Patch the site. Without `known`, t is stopped at a call made there and
 * makes it again through the stub; with it, the site is one patched in
 * another process, and t is stopped anywhere else. Returns 1 when patched. */
static int patch_site(struct tracer *tr, struct thread *t, uint64_t nr, uint64_t site,
                      const struct known_site *known)
{
    if (!within_rel32(site, FP_STUBS) || !within_rel32(site, FP_STUBS_END))
        goto refuse;

    uint8_t code[2 * SCAN]; /* (not static: recordings run side by side in one process) */
    uint64_t base = site - SCAN;
    read_around(t->tid, base, code, sizeof code);
    const uint8_t *s = code + SCAN;
    if (s[0] != 0x0f || s[1] != 0x05)
        goto refuse;
    if (known && memcmp(s - 8, known->code, KNOWN_BYTES))
        return 0; /* other code here: nothing to say about this site */
    uint64_t window = window_hash(code, sizeof code);
    int checked = known && known->window == window; /* its branches, once already */

    /* The stub (A adds the mov first, B the relocated instructions after):
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
     * rcx and r11 end as the replaced `syscall` would leave them, so whatever
     * the program does with them is what it does without the hook. */
    uint64_t start, end;
    uint64_t inner[8]; /* the starts of the patched instructions, but the first */
    unsigned ninner = 0;
    uint32_t imm;
    memcpy(&imm, s - 4, 4);
    if (s[-5] == 0xb8 && imm == (uint32_t)nr) {
        start = site - 5; /* A */
        end = site + 2;
        inner[ninner++] = site;
    } else {
        start = site; /* B: whole instructions until 5 bytes are covered */
        end = site + 2;
        while (end - start < JMP_LEN) {
            unsigned len = insn_len(code + SCAN + (end - site));
            if (len == 0 || ninner == 8)
                goto refuse;
            inner[ninner++] = end;
            end += len;
        }
    }
    if (!checked && branch_lands_on(code, sizeof code, base, inner, ninner))
        goto refuse;
    if (others_inside(tr, t, start, end) || (known && self_inside(t, start, end)))
        return 0; /* maybe another time */ /* maybe another time */

    const uint64_t stub_next = FP_CTL + offsetof(struct fp_ctl, stub_next);
    uint64_t at;
    if (mem_read(t->tid, stub_next, &at, sizeof at) < 0)
        return 0;
    if (!at)
        at = FP_STUBS;
    if (at + STUB_SLOT > FP_STUBS_END)
        return 0; /* no room left: the tracer records this site's calls */
    uint8_t stub[STUB_SLOT];
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
        return 0; /* cannot happen: the layout is fixed */
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
        return 0; /* cannot happen: the layout above is fixed */
    if (fp_write_stub(t->tid, at, stub, n) < 0)
        return 0;
    const uint64_t next = at + STUB_SLOT;
    if (mem_poke(t->tid, stub_next, &next, sizeof next) < 0)
        return 0;

    uint8_t patch[32];
    size_t plen = (size_t)(end - start);
    patch[0] = 0xe9;
    put_rel32(patch + 1, start + JMP_LEN, at);
    memset(patch + JMP_LEN, 0x90, plen - JMP_LEN);
    if (mem_write(t->tid, start, patch, plen) < 0)
        return 0;
    remember_site(tr, t->fp_program, site, nr, s - 8, window);
    tr->fp_sites++;
    if (known)
        return 1;

    /* Make the call again, through the stub. */
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &regs) < 0)
        return 0;
    regs.orig_rax = (uint64_t)-1;
    regs.rax = nr;
    regs.rip = start;
    if (ptrace(PTRACE_SETREGS, t->tid, 0, &regs) < 0)
        return 0;
    return 1;
refuse:
    refused_find(tr, t->pid, site, 1);
    return 0;
}
