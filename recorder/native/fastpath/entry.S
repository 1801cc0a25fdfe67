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

    .text
/*
 * Jumped to from a patched site's stub (patch.c) with the syscall number in
 * eax, its arguments in rdi, rsi, rdx, r10, r8, r9 and in rcx the stub's
 * "done" part. It runs on a stack of its own, never writing below the
 * program's stack pointer, where leftovers would differ from a run without
 * the hook. A signal handler calling in while the hook runs takes the next
 * stack; claiming and releasing one are single stores, made while not on it.
 *
 * It goes back to the stub still on its stack, with the program's stack
 * pointer at (%rsp) and the flags it came with at -8(%rsp), every register
 * as it came but rax: to "done" with the result in rax, or, when the hook
 * could not take the call, FP_STUB_TRACED_BACK bytes before it with the
 * number in rax, where the stub makes the call itself, traced. The stub
 * switches back and releases the stack (see patch.c).
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
    ret

    .section .note.GNU-stack, "", @progbits
