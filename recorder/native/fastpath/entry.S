/*
 * The fast path's entry points, at fixed addresses (see fastpath.h). The
 * gadget comes first: the seccomp filter lets through only the syscalls
 * issued from it.
 */
#include "fastpath.h"

    .section .text.fp_first, "ax"
    .globl fp_gadget
fp_gadget:
    syscall
    ret
    .balign 16
    /* struct fp_image_header, at FP_IMAGE_HEADER */
    .long FP_IMAGE_MAGIC, FP_IMAGE_VERSION
    .quad fp_hook_entry
    .quad fp_traced_ret
    .quad fp_code_end

    .text
/*
 * Jumped to from a patched site's stub (patch.c) with the syscall number in
 * eax, its arguments in rdi, rsi, rdx, r10, r8, r9 and in rcx where to go
 * on: the stub's tail, just after a `syscall` instruction of its own. The
 * hook either made the call (result in rax) and we go there, or it could
 * not, and we go to the stub's `syscall` with every register as the site
 * had it, to make the call where the tracer sees it.
 *
 * Like the instruction it replaces, this changes only rax, rcx and r11: it
 * runs on a stack of its own (never writing below the program's stack
 * pointer) and keeps the flags. A signal handler calling in while the hook
 * runs takes the next stack; claiming and releasing a stack are single
 * stores, made while not on it.
 */
    .globl fp_hook_entry
fp_hook_entry:
    mov fp_ctl_next_top(%rip), %r11
    lea -FP_STACK_SIZE(%r11), %r11
    mov %r11, fp_ctl_next_top(%rip)            /* claimed */
    lea FP_STACK_SIZE(%r11), %r11
    mov %rsp, -8(%r11)                  /* the program's stack pointer */
    lea -8(%r11), %rsp
    pushfq
    /* struct fp_call: nr, the six arguments, where to go on */
    push %rcx
    push %r9
    push %r8
    push %r10
    push %rdx
    push %rsi
    push %rdi
    push %rax
    mov %rsp, %rdi
    call fp_hook
    pop %r11
    pop %rdi
    pop %rsi
    pop %rdx
    pop %r10
    pop %r8
    pop %r9
    pop %rcx
    popfq
    mov (%rsp), %r11
    lea 8(%rsp), %rsp
    xchg %rsp, %r11                     /* back on the program's stack */
    mov %r11, fp_ctl_next_top(%rip)            /* released */
    jmp *%rcx

/* long fp_traced_syscall(const struct fp_call *): a syscall the tracer sees
 * (the hook's requests). */
    .globl fp_traced_syscall
fp_traced_syscall:
    mov %rdi, %r11
    mov 0(%r11), %rax
    mov 8(%r11), %rdi
    mov 16(%r11), %rsi
    mov 24(%r11), %rdx
    mov 32(%r11), %r10
    mov 40(%r11), %r8
    mov 48(%r11), %r9
    syscall
    .globl fp_traced_ret
fp_traced_ret:
    ret

    .section .note.GNU-stack, "", @progbits
