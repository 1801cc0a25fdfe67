/*
 * Generated from formats/syscalls/ by formats/syscalls/gen-c.ts: do not edit.
 * Regenerate with `node dist/formats/syscalls/gen-main.js` after `tsc`;
 * test/syscall-table.test.ts fails while this file is out of date.
 *
 * st_syscalls is indexed by syscall number (NULL name: no such syscall);
 * st_ioctls lists the ioctl requests whose _IOC bits do not give their
 * memory effect (dir 0xff: the argument is not memory the kernel uses).
 */
#ifndef SYSTAPE_SYSCALL_EFFECTS_H
#define SYSTAPE_SYSCALL_EFFECTS_H

#include <stddef.h>

#include "../syscall_table.h"

#define ST_MAX_SYSCALL 469
/* the most effects any one syscall has */
#define ST_MAX_EFFECTS 9

static const struct st_effect st_effects_read[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_write[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_open[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_stat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 144},
};

static const struct st_effect st_effects_fstat[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 144},
};

static const struct st_effect st_effects_lstat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 144},
};

static const struct st_effect st_effects_poll[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_mmap[] __attribute__((unused)) = {
    {.dir = ST_DIR_PATH, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_rt_sigaction[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_rt_sigprocmask[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_ioctl[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_IOCTL, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_IOCTL, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_pread64[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_pwrite64[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_readv[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_writev[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_access[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_pipe[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_select[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 1, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_nanosleep[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 1, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_getitimer[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_setitimer[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_sendfile[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_DATA, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_connect[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_accept[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_LENPTR, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_sendto[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 5, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_recvfrom[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_LENPTR, .always = 0, .count_arg = 0xff, .size_arg = 5, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 5, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 5, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_sendmsg[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_MSGHDR, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_recvmsg[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_MSGHDR, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_bind[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_getsockname[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_LENPTR, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_getpeername[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_LENPTR, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_socketpair[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_setsockopt[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 4, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_getsockopt[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_SOCKOPT, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_clone[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_execve[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_ARGV, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_ARGV, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_wait4[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 144},
};

static const struct st_effect st_effects_uname[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 390},
};

static const struct st_effect st_effects_semop[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 6},
};

static const struct st_effect st_effects_fcntl[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FCNTL, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FCNTL, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_truncate[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_getdents[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_getcwd[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_chdir[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_rename[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_mkdir[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_rmdir[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_creat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_link[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_unlink[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_symlink[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_readlink[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_chmod[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_chown[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_lchown[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_gettimeofday[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_getrlimit[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_getrusage[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 144},
};

static const struct st_effect st_effects_sysinfo[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 112},
};

static const struct st_effect st_effects_times[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_syslog[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_getgroups[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_setgroups[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_getresuid[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_getresgid[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_capget[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 1, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 24},
};

static const struct st_effect st_effects_capset[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 24},
};

static const struct st_effect st_effects_rt_sigpending[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_rt_sigtimedwait[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 128},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_rt_sigqueueinfo[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 128},
};

static const struct st_effect st_effects_rt_sigsuspend[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_sigaltstack[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 24},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 24},
};

static const struct st_effect st_effects_utime[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_mknod[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_ustat[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_statfs[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 120},
};

static const struct st_effect st_effects_fstatfs[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 120},
};

static const struct st_effect st_effects_sched_setparam[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_sched_getparam[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_sched_setscheduler[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_sched_rr_get_interval[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_pivot_root[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_adjtimex[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 208},
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 208},
};

static const struct st_effect st_effects_setrlimit[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_chroot[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_acct[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_settimeofday[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_mount[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_umount2[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_swapon[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_swapoff[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_sethostname[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_setdomainname[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_init_module[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 1},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_delete_module[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_setxattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_lsetxattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_fsetxattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_getxattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_lgetxattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_fgetxattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_listxattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_llistxattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_flistxattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_removexattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_lremovexattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_fremovexattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_time[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_futex[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_sched_setaffinity[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_sched_getaffinity[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_io_setup[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_io_getevents[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_io_cancel[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 64},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_getdents64[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_semtimedop[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 6},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_timer_create[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 64},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_timer_settime[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_timer_gettime[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_clock_settime[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_clock_gettime[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_clock_getres[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_clock_nanosleep[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 1, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_epoll_wait[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 12},
};

static const struct st_effect st_effects_epoll_ctl[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_EPOLL_CTL, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_utimes[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_mq_open[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 64},
};

static const struct st_effect st_effects_mq_unlink[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_mq_timedsend[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_mq_timedreceive[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 1},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_mq_notify[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 64},
};

static const struct st_effect st_effects_mq_getsetattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 64},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 64},
};

static const struct st_effect st_effects_waitid[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 128},
    {.dir = ST_DIR_OUT, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 144},
};

static const struct st_effect st_effects_add_key[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_request_key[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_inotify_add_watch[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_openat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_mkdirat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_mknodat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_fchownat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_futimesat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_newfstatat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 144},
};

static const struct st_effect st_effects_unlinkat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_renameat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_linkat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_symlinkat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_readlinkat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_fchmodat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_faccessat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_pselect6[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 1, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FDSET, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_IN, .arg = 5, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_ppoll[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 1, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 8},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 4, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_get_robust_list[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_splice[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_DATA, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 1, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_vmsplice[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_move_pages[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 8},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_utimensat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_epoll_pwait[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 12},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 5, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_signalfd[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_timerfd_settime[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_timerfd_gettime[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
};

static const struct st_effect st_effects_accept4[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_LENPTR, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_signalfd4[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_pipe2[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_preadv[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_pwritev[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_rt_tgsigqueueinfo[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 128},
};

static const struct st_effect st_effects_recvmmsg[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_MMSGHDR, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_OUT, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_fanotify_mark[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_prlimit64[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_name_to_handle_at[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_clock_adjtime[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 208},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 208},
};

static const struct st_effect st_effects_sendmmsg[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_MMSGHDR, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 64},
};

static const struct st_effect st_effects_getcpu[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_process_vm_readv[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 4, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_process_vm_writev[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 4, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_finit_module[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_sched_setattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 48},
};

static const struct st_effect st_effects_sched_getattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_renameat2[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_getrandom[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_memfd_create[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_kexec_file_load[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_execveat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_ARGV, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_ARGV, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_copy_file_range[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
    {.dir = ST_DIR_DATA, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 1, .size_arg = 0, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_preadv2[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_pwritev2[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_IOVEC, .size_kind = ST_SIZE_NONE, .always = 0, .count_arg = 2, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_statx[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 256},
};

static const struct st_effect st_effects_io_pgetevents[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 32},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_IN, .arg = 5, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_pidfd_send_signal[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 128},
};

static const struct st_effect st_effects_io_uring_setup[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 120},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 120},
};

static const struct st_effect st_effects_open_tree[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_move_mount[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_fsopen[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_fsconfig[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_fspick[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_clone3[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_openat2[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_faccessat2[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_process_madvise[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_epoll_pwait2[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 12},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 5, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_mount_setattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 4, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_landlock_create_ruleset[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_futex_waitv[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 24},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_cachestat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 40},
};

static const struct st_effect st_effects_fchmodat2[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_futex_wait[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 16},
};

static const struct st_effect st_effects_futex_requeue[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 48},
};

static const struct st_effect st_effects_listmount[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 24},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 8},
};

static const struct st_effect st_effects_lsm_get_self_attr[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_LENPTR, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 1, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_lsm_set_self_attr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 2, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_lsm_list_modules[] __attribute__((unused)) = {
    {.dir = ST_DIR_OUT, .arg = 0, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_LENPTR, .always = 0, .count_arg = 0xff, .size_arg = 1, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
    {.dir = ST_DIR_OUT, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_FIXED, .always = 1, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 4},
};

static const struct st_effect st_effects_setxattrat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 5, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_getxattrat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 4, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 5, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_listxattrat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_RET_MAX_ARG, .always = 0, .count_arg = 0xff, .size_arg = 4, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_removexattrat[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
};

static const struct st_effect st_effects_open_tree_attr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 3, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 4, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_file_getattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_OUT, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
};

static const struct st_effect st_effects_file_setattr[] __attribute__((unused)) = {
    {.dir = ST_DIR_IN, .arg = 1, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_CSTR, .always = 0, .count_arg = 0xff, .size_arg = 0, .pad = 0, .value = 0},
    {.dir = ST_DIR_IN, .arg = 2, .layout = ST_LAYOUT_FLAT, .size_kind = ST_SIZE_ARG, .always = 0, .count_arg = 0xff, .size_arg = 3, .pad = 0, .value = 1},
};

static const struct st_syscall st_syscalls[ST_MAX_SYSCALL + 1] __attribute__((unused)) = {
    [0] = {"read", 1, 1, st_effects_read},
    [1] = {"write", 1, 1, st_effects_write},
    [2] = {"open", 1, 1, st_effects_open},
    [3] = {"close", 1, 0, NULL},
    [4] = {"stat", 1, 2, st_effects_stat},
    [5] = {"fstat", 1, 1, st_effects_fstat},
    [6] = {"lstat", 1, 2, st_effects_lstat},
    [7] = {"poll", 1, 2, st_effects_poll},
    [8] = {"lseek", 1, 0, NULL},
    [9] = {"mmap", 1, 1, st_effects_mmap},
    [10] = {"mprotect", 1, 0, NULL},
    [11] = {"munmap", 1, 0, NULL},
    [12] = {"brk", 1, 0, NULL},
    [13] = {"rt_sigaction", 1, 2, st_effects_rt_sigaction},
    [14] = {"rt_sigprocmask", 1, 2, st_effects_rt_sigprocmask},
    [15] = {"rt_sigreturn", 1, 0, NULL},
    [16] = {"ioctl", 1, 2, st_effects_ioctl},
    [17] = {"pread64", 1, 1, st_effects_pread64},
    [18] = {"pwrite64", 1, 1, st_effects_pwrite64},
    [19] = {"readv", 1, 1, st_effects_readv},
    [20] = {"writev", 1, 1, st_effects_writev},
    [21] = {"access", 1, 1, st_effects_access},
    [22] = {"pipe", 1, 1, st_effects_pipe},
    [23] = {"select", 1, 8, st_effects_select},
    [24] = {"sched_yield", 1, 0, NULL},
    [25] = {"mremap", 1, 0, NULL},
    [26] = {"msync", 1, 0, NULL},
    [27] = {"mincore", 0, 0, NULL},
    [28] = {"madvise", 1, 0, NULL},
    [29] = {"shmget", 1, 0, NULL},
    [30] = {"shmat", 1, 0, NULL},
    [31] = {"shmctl", 0, 0, NULL},
    [32] = {"dup", 1, 0, NULL},
    [33] = {"dup2", 1, 0, NULL},
    [34] = {"pause", 1, 0, NULL},
    [35] = {"nanosleep", 1, 2, st_effects_nanosleep},
    [36] = {"getitimer", 1, 1, st_effects_getitimer},
    [37] = {"alarm", 1, 0, NULL},
    [38] = {"setitimer", 1, 2, st_effects_setitimer},
    [39] = {"getpid", 1, 0, NULL},
    [40] = {"sendfile", 1, 3, st_effects_sendfile},
    [41] = {"socket", 1, 0, NULL},
    [42] = {"connect", 1, 1, st_effects_connect},
    [43] = {"accept", 1, 3, st_effects_accept},
    [44] = {"sendto", 1, 2, st_effects_sendto},
    [45] = {"recvfrom", 1, 4, st_effects_recvfrom},
    [46] = {"sendmsg", 1, 1, st_effects_sendmsg},
    [47] = {"recvmsg", 1, 1, st_effects_recvmsg},
    [48] = {"shutdown", 1, 0, NULL},
    [49] = {"bind", 1, 1, st_effects_bind},
    [50] = {"listen", 1, 0, NULL},
    [51] = {"getsockname", 1, 3, st_effects_getsockname},
    [52] = {"getpeername", 1, 3, st_effects_getpeername},
    [53] = {"socketpair", 1, 1, st_effects_socketpair},
    [54] = {"setsockopt", 1, 1, st_effects_setsockopt},
    [55] = {"getsockopt", 1, 2, st_effects_getsockopt},
    [56] = {"clone", 1, 1, st_effects_clone},
    [57] = {"fork", 1, 0, NULL},
    [58] = {"vfork", 1, 0, NULL},
    [59] = {"execve", 1, 3, st_effects_execve},
    [60] = {"exit", 1, 0, NULL},
    [61] = {"wait4", 1, 2, st_effects_wait4},
    [62] = {"kill", 1, 0, NULL},
    [63] = {"uname", 1, 1, st_effects_uname},
    [64] = {"semget", 1, 0, NULL},
    [65] = {"semop", 1, 1, st_effects_semop},
    [66] = {"semctl", 0, 0, NULL},
    [67] = {"shmdt", 1, 0, NULL},
    [68] = {"msgget", 1, 0, NULL},
    [69] = {"msgsnd", 1, 0, NULL},
    [70] = {"msgrcv", 0, 0, NULL},
    [71] = {"msgctl", 0, 0, NULL},
    [72] = {"fcntl", 1, 2, st_effects_fcntl},
    [73] = {"flock", 1, 0, NULL},
    [74] = {"fsync", 1, 0, NULL},
    [75] = {"fdatasync", 1, 0, NULL},
    [76] = {"truncate", 1, 1, st_effects_truncate},
    [77] = {"ftruncate", 1, 0, NULL},
    [78] = {"getdents", 1, 1, st_effects_getdents},
    [79] = {"getcwd", 1, 1, st_effects_getcwd},
    [80] = {"chdir", 1, 1, st_effects_chdir},
    [81] = {"fchdir", 1, 0, NULL},
    [82] = {"rename", 1, 2, st_effects_rename},
    [83] = {"mkdir", 1, 1, st_effects_mkdir},
    [84] = {"rmdir", 1, 1, st_effects_rmdir},
    [85] = {"creat", 1, 1, st_effects_creat},
    [86] = {"link", 1, 2, st_effects_link},
    [87] = {"unlink", 1, 1, st_effects_unlink},
    [88] = {"symlink", 1, 2, st_effects_symlink},
    [89] = {"readlink", 1, 2, st_effects_readlink},
    [90] = {"chmod", 1, 1, st_effects_chmod},
    [91] = {"fchmod", 1, 0, NULL},
    [92] = {"chown", 1, 1, st_effects_chown},
    [93] = {"fchown", 1, 0, NULL},
    [94] = {"lchown", 1, 1, st_effects_lchown},
    [95] = {"umask", 1, 0, NULL},
    [96] = {"gettimeofday", 1, 2, st_effects_gettimeofday},
    [97] = {"getrlimit", 1, 1, st_effects_getrlimit},
    [98] = {"getrusage", 1, 1, st_effects_getrusage},
    [99] = {"sysinfo", 1, 1, st_effects_sysinfo},
    [100] = {"times", 1, 1, st_effects_times},
    [101] = {"ptrace", 0, 0, NULL},
    [102] = {"getuid", 1, 0, NULL},
    [103] = {"syslog", 1, 1, st_effects_syslog},
    [104] = {"getgid", 1, 0, NULL},
    [105] = {"setuid", 1, 0, NULL},
    [106] = {"setgid", 1, 0, NULL},
    [107] = {"geteuid", 1, 0, NULL},
    [108] = {"getegid", 1, 0, NULL},
    [109] = {"setpgid", 1, 0, NULL},
    [110] = {"getppid", 1, 0, NULL},
    [111] = {"getpgrp", 1, 0, NULL},
    [112] = {"setsid", 1, 0, NULL},
    [113] = {"setreuid", 1, 0, NULL},
    [114] = {"setregid", 1, 0, NULL},
    [115] = {"getgroups", 1, 1, st_effects_getgroups},
    [116] = {"setgroups", 1, 1, st_effects_setgroups},
    [117] = {"setresuid", 1, 0, NULL},
    [118] = {"getresuid", 1, 3, st_effects_getresuid},
    [119] = {"setresgid", 1, 0, NULL},
    [120] = {"getresgid", 1, 3, st_effects_getresgid},
    [121] = {"getpgid", 1, 0, NULL},
    [122] = {"setfsuid", 1, 0, NULL},
    [123] = {"setfsgid", 1, 0, NULL},
    [124] = {"getsid", 1, 0, NULL},
    [125] = {"capget", 1, 3, st_effects_capget},
    [126] = {"capset", 1, 2, st_effects_capset},
    [127] = {"rt_sigpending", 1, 1, st_effects_rt_sigpending},
    [128] = {"rt_sigtimedwait", 1, 3, st_effects_rt_sigtimedwait},
    [129] = {"rt_sigqueueinfo", 1, 1, st_effects_rt_sigqueueinfo},
    [130] = {"rt_sigsuspend", 1, 1, st_effects_rt_sigsuspend},
    [131] = {"sigaltstack", 1, 2, st_effects_sigaltstack},
    [132] = {"utime", 1, 2, st_effects_utime},
    [133] = {"mknod", 1, 1, st_effects_mknod},
    [134] = {"uselib", 0, 0, NULL},
    [135] = {"personality", 1, 0, NULL},
    [136] = {"ustat", 1, 1, st_effects_ustat},
    [137] = {"statfs", 1, 2, st_effects_statfs},
    [138] = {"fstatfs", 1, 1, st_effects_fstatfs},
    [139] = {"sysfs", 0, 0, NULL},
    [140] = {"getpriority", 1, 0, NULL},
    [141] = {"setpriority", 1, 0, NULL},
    [142] = {"sched_setparam", 1, 1, st_effects_sched_setparam},
    [143] = {"sched_getparam", 1, 1, st_effects_sched_getparam},
    [144] = {"sched_setscheduler", 1, 1, st_effects_sched_setscheduler},
    [145] = {"sched_getscheduler", 1, 0, NULL},
    [146] = {"sched_get_priority_max", 1, 0, NULL},
    [147] = {"sched_get_priority_min", 1, 0, NULL},
    [148] = {"sched_rr_get_interval", 1, 1, st_effects_sched_rr_get_interval},
    [149] = {"mlock", 1, 0, NULL},
    [150] = {"munlock", 1, 0, NULL},
    [151] = {"mlockall", 1, 0, NULL},
    [152] = {"munlockall", 1, 0, NULL},
    [153] = {"vhangup", 1, 0, NULL},
    [154] = {"modify_ldt", 0, 0, NULL},
    [155] = {"pivot_root", 1, 2, st_effects_pivot_root},
    [156] = {"_sysctl", 0, 0, NULL},
    [157] = {"prctl", 0, 0, NULL},
    [158] = {"arch_prctl", 1, 0, NULL},
    [159] = {"adjtimex", 1, 2, st_effects_adjtimex},
    [160] = {"setrlimit", 1, 1, st_effects_setrlimit},
    [161] = {"chroot", 1, 1, st_effects_chroot},
    [162] = {"sync", 1, 0, NULL},
    [163] = {"acct", 1, 1, st_effects_acct},
    [164] = {"settimeofday", 1, 2, st_effects_settimeofday},
    [165] = {"mount", 1, 4, st_effects_mount},
    [166] = {"umount2", 1, 1, st_effects_umount2},
    [167] = {"swapon", 1, 1, st_effects_swapon},
    [168] = {"swapoff", 1, 1, st_effects_swapoff},
    [169] = {"reboot", 1, 0, NULL},
    [170] = {"sethostname", 1, 1, st_effects_sethostname},
    [171] = {"setdomainname", 1, 1, st_effects_setdomainname},
    [172] = {"iopl", 1, 0, NULL},
    [173] = {"ioperm", 1, 0, NULL},
    [174] = {"create_module", 0, 0, NULL},
    [175] = {"init_module", 1, 2, st_effects_init_module},
    [176] = {"delete_module", 1, 1, st_effects_delete_module},
    [177] = {"get_kernel_syms", 0, 0, NULL},
    [178] = {"query_module", 0, 0, NULL},
    [179] = {"quotactl", 0, 0, NULL},
    [180] = {"nfsservctl", 0, 0, NULL},
    [181] = {"getpmsg", 0, 0, NULL},
    [182] = {"putpmsg", 0, 0, NULL},
    [183] = {"afs_syscall", 0, 0, NULL},
    [184] = {"tuxcall", 0, 0, NULL},
    [185] = {"security", 0, 0, NULL},
    [186] = {"gettid", 1, 0, NULL},
    [187] = {"readahead", 1, 0, NULL},
    [188] = {"setxattr", 1, 3, st_effects_setxattr},
    [189] = {"lsetxattr", 1, 3, st_effects_lsetxattr},
    [190] = {"fsetxattr", 1, 2, st_effects_fsetxattr},
    [191] = {"getxattr", 1, 3, st_effects_getxattr},
    [192] = {"lgetxattr", 1, 3, st_effects_lgetxattr},
    [193] = {"fgetxattr", 1, 2, st_effects_fgetxattr},
    [194] = {"listxattr", 1, 2, st_effects_listxattr},
    [195] = {"llistxattr", 1, 2, st_effects_llistxattr},
    [196] = {"flistxattr", 1, 1, st_effects_flistxattr},
    [197] = {"removexattr", 1, 2, st_effects_removexattr},
    [198] = {"lremovexattr", 1, 2, st_effects_lremovexattr},
    [199] = {"fremovexattr", 1, 1, st_effects_fremovexattr},
    [200] = {"tkill", 1, 0, NULL},
    [201] = {"time", 1, 1, st_effects_time},
    [202] = {"futex", 1, 1, st_effects_futex},
    [203] = {"sched_setaffinity", 1, 1, st_effects_sched_setaffinity},
    [204] = {"sched_getaffinity", 1, 1, st_effects_sched_getaffinity},
    [205] = {"set_thread_area", 0, 0, NULL},
    [206] = {"io_setup", 1, 2, st_effects_io_setup},
    [207] = {"io_destroy", 1, 0, NULL},
    [208] = {"io_getevents", 1, 2, st_effects_io_getevents},
    [209] = {"io_submit", 0, 0, NULL},
    [210] = {"io_cancel", 1, 2, st_effects_io_cancel},
    [211] = {"get_thread_area", 0, 0, NULL},
    [212] = {"lookup_dcookie", 0, 0, NULL},
    [213] = {"epoll_create", 1, 0, NULL},
    [214] = {"epoll_ctl_old", 0, 0, NULL},
    [215] = {"epoll_wait_old", 0, 0, NULL},
    [216] = {"remap_file_pages", 1, 0, NULL},
    [217] = {"getdents64", 1, 1, st_effects_getdents64},
    [218] = {"set_tid_address", 1, 0, NULL},
    [219] = {"restart_syscall", 1, 0, NULL},
    [220] = {"semtimedop", 1, 2, st_effects_semtimedop},
    [221] = {"fadvise64", 1, 0, NULL},
    [222] = {"timer_create", 1, 2, st_effects_timer_create},
    [223] = {"timer_settime", 1, 2, st_effects_timer_settime},
    [224] = {"timer_gettime", 1, 1, st_effects_timer_gettime},
    [225] = {"timer_getoverrun", 1, 0, NULL},
    [226] = {"timer_delete", 1, 0, NULL},
    [227] = {"clock_settime", 1, 1, st_effects_clock_settime},
    [228] = {"clock_gettime", 1, 1, st_effects_clock_gettime},
    [229] = {"clock_getres", 1, 1, st_effects_clock_getres},
    [230] = {"clock_nanosleep", 1, 2, st_effects_clock_nanosleep},
    [231] = {"exit_group", 1, 0, NULL},
    [232] = {"epoll_wait", 1, 1, st_effects_epoll_wait},
    [233] = {"epoll_ctl", 1, 1, st_effects_epoll_ctl},
    [234] = {"tgkill", 1, 0, NULL},
    [235] = {"utimes", 1, 2, st_effects_utimes},
    [236] = {"vserver", 0, 0, NULL},
    [237] = {"mbind", 1, 0, NULL},
    [238] = {"set_mempolicy", 1, 0, NULL},
    [239] = {"get_mempolicy", 0, 0, NULL},
    [240] = {"mq_open", 1, 2, st_effects_mq_open},
    [241] = {"mq_unlink", 1, 1, st_effects_mq_unlink},
    [242] = {"mq_timedsend", 1, 2, st_effects_mq_timedsend},
    [243] = {"mq_timedreceive", 1, 3, st_effects_mq_timedreceive},
    [244] = {"mq_notify", 1, 1, st_effects_mq_notify},
    [245] = {"mq_getsetattr", 1, 2, st_effects_mq_getsetattr},
    [246] = {"kexec_load", 0, 0, NULL},
    [247] = {"waitid", 1, 2, st_effects_waitid},
    [248] = {"add_key", 1, 3, st_effects_add_key},
    [249] = {"request_key", 1, 3, st_effects_request_key},
    [250] = {"keyctl", 0, 0, NULL},
    [251] = {"ioprio_set", 1, 0, NULL},
    [252] = {"ioprio_get", 1, 0, NULL},
    [253] = {"inotify_init", 1, 0, NULL},
    [254] = {"inotify_add_watch", 1, 1, st_effects_inotify_add_watch},
    [255] = {"inotify_rm_watch", 1, 0, NULL},
    [256] = {"migrate_pages", 1, 0, NULL},
    [257] = {"openat", 1, 1, st_effects_openat},
    [258] = {"mkdirat", 1, 1, st_effects_mkdirat},
    [259] = {"mknodat", 1, 1, st_effects_mknodat},
    [260] = {"fchownat", 1, 1, st_effects_fchownat},
    [261] = {"futimesat", 1, 2, st_effects_futimesat},
    [262] = {"newfstatat", 1, 2, st_effects_newfstatat},
    [263] = {"unlinkat", 1, 1, st_effects_unlinkat},
    [264] = {"renameat", 1, 2, st_effects_renameat},
    [265] = {"linkat", 1, 2, st_effects_linkat},
    [266] = {"symlinkat", 1, 2, st_effects_symlinkat},
    [267] = {"readlinkat", 1, 2, st_effects_readlinkat},
    [268] = {"fchmodat", 1, 1, st_effects_fchmodat},
    [269] = {"faccessat", 1, 1, st_effects_faccessat},
    [270] = {"pselect6", 1, 9, st_effects_pselect6},
    [271] = {"ppoll", 1, 5, st_effects_ppoll},
    [272] = {"unshare", 1, 0, NULL},
    [273] = {"set_robust_list", 1, 0, NULL},
    [274] = {"get_robust_list", 1, 2, st_effects_get_robust_list},
    [275] = {"splice", 1, 5, st_effects_splice},
    [276] = {"tee", 1, 0, NULL},
    [277] = {"sync_file_range", 1, 0, NULL},
    [278] = {"vmsplice", 1, 2, st_effects_vmsplice},
    [279] = {"move_pages", 1, 3, st_effects_move_pages},
    [280] = {"utimensat", 1, 2, st_effects_utimensat},
    [281] = {"epoll_pwait", 1, 2, st_effects_epoll_pwait},
    [282] = {"signalfd", 1, 1, st_effects_signalfd},
    [283] = {"timerfd_create", 1, 0, NULL},
    [284] = {"eventfd", 1, 0, NULL},
    [285] = {"fallocate", 1, 0, NULL},
    [286] = {"timerfd_settime", 1, 2, st_effects_timerfd_settime},
    [287] = {"timerfd_gettime", 1, 1, st_effects_timerfd_gettime},
    [288] = {"accept4", 1, 3, st_effects_accept4},
    [289] = {"signalfd4", 1, 1, st_effects_signalfd4},
    [290] = {"eventfd2", 1, 0, NULL},
    [291] = {"epoll_create1", 1, 0, NULL},
    [292] = {"dup3", 1, 0, NULL},
    [293] = {"pipe2", 1, 1, st_effects_pipe2},
    [294] = {"inotify_init1", 1, 0, NULL},
    [295] = {"preadv", 1, 1, st_effects_preadv},
    [296] = {"pwritev", 1, 1, st_effects_pwritev},
    [297] = {"rt_tgsigqueueinfo", 1, 1, st_effects_rt_tgsigqueueinfo},
    [298] = {"perf_event_open", 0, 0, NULL},
    [299] = {"recvmmsg", 1, 3, st_effects_recvmmsg},
    [300] = {"fanotify_init", 1, 0, NULL},
    [301] = {"fanotify_mark", 1, 1, st_effects_fanotify_mark},
    [302] = {"prlimit64", 1, 2, st_effects_prlimit64},
    [303] = {"name_to_handle_at", 0, 1, st_effects_name_to_handle_at},
    [304] = {"open_by_handle_at", 0, 0, NULL},
    [305] = {"clock_adjtime", 1, 2, st_effects_clock_adjtime},
    [306] = {"syncfs", 1, 0, NULL},
    [307] = {"sendmmsg", 1, 2, st_effects_sendmmsg},
    [308] = {"setns", 1, 0, NULL},
    [309] = {"getcpu", 1, 2, st_effects_getcpu},
    [310] = {"process_vm_readv", 1, 2, st_effects_process_vm_readv},
    [311] = {"process_vm_writev", 1, 2, st_effects_process_vm_writev},
    [312] = {"kcmp", 1, 0, NULL},
    [313] = {"finit_module", 1, 1, st_effects_finit_module},
    [314] = {"sched_setattr", 1, 1, st_effects_sched_setattr},
    [315] = {"sched_getattr", 1, 1, st_effects_sched_getattr},
    [316] = {"renameat2", 1, 2, st_effects_renameat2},
    [317] = {"seccomp", 0, 0, NULL},
    [318] = {"getrandom", 1, 1, st_effects_getrandom},
    [319] = {"memfd_create", 1, 1, st_effects_memfd_create},
    [320] = {"kexec_file_load", 1, 1, st_effects_kexec_file_load},
    [321] = {"bpf", 0, 0, NULL},
    [322] = {"execveat", 1, 3, st_effects_execveat},
    [323] = {"userfaultfd", 1, 0, NULL},
    [324] = {"membarrier", 1, 0, NULL},
    [325] = {"mlock2", 1, 0, NULL},
    [326] = {"copy_file_range", 1, 5, st_effects_copy_file_range},
    [327] = {"preadv2", 1, 1, st_effects_preadv2},
    [328] = {"pwritev2", 1, 1, st_effects_pwritev2},
    [329] = {"pkey_mprotect", 1, 0, NULL},
    [330] = {"pkey_alloc", 1, 0, NULL},
    [331] = {"pkey_free", 1, 0, NULL},
    [332] = {"statx", 1, 2, st_effects_statx},
    [333] = {"io_pgetevents", 1, 3, st_effects_io_pgetevents},
    [334] = {"rseq", 1, 0, NULL},
    [335] = {"uretprobe", 0, 0, NULL},
    [336] = {"uprobe", 0, 0, NULL},
    [424] = {"pidfd_send_signal", 1, 1, st_effects_pidfd_send_signal},
    [425] = {"io_uring_setup", 1, 2, st_effects_io_uring_setup},
    [426] = {"io_uring_enter", 0, 0, NULL},
    [427] = {"io_uring_register", 0, 0, NULL},
    [428] = {"open_tree", 1, 1, st_effects_open_tree},
    [429] = {"move_mount", 1, 2, st_effects_move_mount},
    [430] = {"fsopen", 1, 1, st_effects_fsopen},
    [431] = {"fsconfig", 1, 1, st_effects_fsconfig},
    [432] = {"fsmount", 1, 0, NULL},
    [433] = {"fspick", 1, 1, st_effects_fspick},
    [434] = {"pidfd_open", 1, 0, NULL},
    [435] = {"clone3", 1, 1, st_effects_clone3},
    [436] = {"close_range", 1, 0, NULL},
    [437] = {"openat2", 1, 2, st_effects_openat2},
    [438] = {"pidfd_getfd", 1, 0, NULL},
    [439] = {"faccessat2", 1, 1, st_effects_faccessat2},
    [440] = {"process_madvise", 1, 1, st_effects_process_madvise},
    [441] = {"epoll_pwait2", 1, 3, st_effects_epoll_pwait2},
    [442] = {"mount_setattr", 1, 2, st_effects_mount_setattr},
    [443] = {"quotactl_fd", 0, 0, NULL},
    [444] = {"landlock_create_ruleset", 1, 1, st_effects_landlock_create_ruleset},
    [445] = {"landlock_add_rule", 1, 0, NULL},
    [446] = {"landlock_restrict_self", 1, 0, NULL},
    [447] = {"memfd_secret", 1, 0, NULL},
    [448] = {"process_mrelease", 1, 0, NULL},
    [449] = {"futex_waitv", 1, 2, st_effects_futex_waitv},
    [450] = {"set_mempolicy_home_node", 1, 0, NULL},
    [451] = {"cachestat", 1, 2, st_effects_cachestat},
    [452] = {"fchmodat2", 1, 1, st_effects_fchmodat2},
    [453] = {"map_shadow_stack", 1, 0, NULL},
    [454] = {"futex_wake", 1, 0, NULL},
    [455] = {"futex_wait", 1, 2, st_effects_futex_wait},
    [456] = {"futex_requeue", 1, 1, st_effects_futex_requeue},
    [457] = {"statmount", 0, 0, NULL},
    [458] = {"listmount", 1, 2, st_effects_listmount},
    [459] = {"lsm_get_self_attr", 1, 3, st_effects_lsm_get_self_attr},
    [460] = {"lsm_set_self_attr", 1, 1, st_effects_lsm_set_self_attr},
    [461] = {"lsm_list_modules", 1, 3, st_effects_lsm_list_modules},
    [462] = {"mseal", 1, 0, NULL},
    [463] = {"setxattrat", 0, 3, st_effects_setxattrat},
    [464] = {"getxattrat", 0, 3, st_effects_getxattrat},
    [465] = {"listxattrat", 1, 2, st_effects_listxattrat},
    [466] = {"removexattrat", 1, 2, st_effects_removexattrat},
    [467] = {"open_tree_attr", 1, 2, st_effects_open_tree_attr},
    [468] = {"file_getattr", 1, 2, st_effects_file_getattr},
    [469] = {"file_setattr", 1, 2, st_effects_file_setattr},
};

static const struct st_ioctl st_ioctls[] __attribute__((unused)) = {
    {0x5401u, ST_DIR_OUT, 36}, /* TCGETS */
    {0x5402u, ST_DIR_IN, 36}, /* TCSETS */
    {0x5403u, ST_DIR_IN, 36}, /* TCSETSW */
    {0x5404u, ST_DIR_IN, 36}, /* TCSETSF */
    {0x5405u, ST_DIR_OUT, 18}, /* TCGETA */
    {0x5406u, ST_DIR_IN, 18}, /* TCSETA */
    {0x5407u, ST_DIR_IN, 18}, /* TCSETAW */
    {0x5408u, ST_DIR_IN, 18}, /* TCSETAF */
    {0x540fu, ST_DIR_OUT, 4}, /* TIOCGPGRP */
    {0x5410u, ST_DIR_IN, 4}, /* TIOCSPGRP */
    {0x5411u, ST_DIR_OUT, 4}, /* TIOCOUTQ */
    {0x5412u, ST_DIR_IN, 1}, /* TIOCSTI */
    {0x5413u, ST_DIR_OUT, 8}, /* TIOCGWINSZ */
    {0x5414u, ST_DIR_IN, 8}, /* TIOCSWINSZ */
    {0x5415u, ST_DIR_OUT, 4}, /* TIOCMGET */
    {0x5416u, ST_DIR_IN, 4}, /* TIOCMBIS */
    {0x5417u, ST_DIR_IN, 4}, /* TIOCMBIC */
    {0x5418u, ST_DIR_IN, 4}, /* TIOCMSET */
    {0x5419u, ST_DIR_OUT, 4}, /* TIOCGSOFTCAR */
    {0x541au, ST_DIR_IN, 4}, /* TIOCSSOFTCAR */
    {0x541bu, ST_DIR_OUT, 4}, /* FIONREAD */
    {0x541eu, ST_DIR_OUT, 72}, /* TIOCGSERIAL */
    {0x541fu, ST_DIR_IN, 72}, /* TIOCSSERIAL */
    {0x5420u, ST_DIR_IN, 4}, /* TIOCPKT */
    {0x5421u, ST_DIR_IN, 4}, /* FIONBIO */
    {0x5423u, ST_DIR_IN, 4}, /* TIOCSETD */
    {0x5424u, ST_DIR_OUT, 4}, /* TIOCGETD */
    {0x5429u, ST_DIR_OUT, 4}, /* TIOCGSID */
    {0x542eu, ST_DIR_OUT, 32}, /* TIOCGRS485 */
    {0x40045436u, 0xff, 0}, /* TIOCSIG */
    {0x5452u, ST_DIR_IN, 4}, /* FIOASYNC */
    {0x5456u, ST_DIR_OUT, 36}, /* TIOCGLCKTRMIOS */
    {0x5457u, ST_DIR_IN, 36}, /* TIOCSLCKTRMIOS */
    {0x5459u, ST_DIR_OUT, 4}, /* TIOCSERGETLSR */
    {0x545du, ST_DIR_OUT, 80}, /* TIOCGICOUNT */
    {0x5460u, ST_DIR_OUT, 8}, /* FIOQSIZE */
    {0x8901u, ST_DIR_IN, 4}, /* FIOSETOWN */
    {0x8902u, ST_DIR_IN, 4}, /* SIOCSPGRP */
    {0x8903u, ST_DIR_OUT, 4}, /* FIOGETOWN */
    {0x8904u, ST_DIR_OUT, 4}, /* SIOCGPGRP */
    {0x8905u, ST_DIR_OUT, 4}, /* SIOCATMARK */
    {0x8906u, ST_DIR_OUT, 16}, /* SIOCGSTAMP_OLD */
    {0x8907u, ST_DIR_OUT, 16}, /* SIOCGSTAMPNS_OLD */
    {0x8910u, ST_DIR_OUT, 40}, /* SIOCGIFNAME */
    {0x8913u, ST_DIR_OUT, 40}, /* SIOCGIFFLAGS */
    {0x8914u, ST_DIR_IN, 40}, /* SIOCSIFFLAGS */
    {0x8915u, ST_DIR_OUT, 40}, /* SIOCGIFADDR */
    {0x8917u, ST_DIR_OUT, 40}, /* SIOCGIFDSTADDR */
    {0x8919u, ST_DIR_OUT, 40}, /* SIOCGIFBRDADDR */
    {0x891bu, ST_DIR_OUT, 40}, /* SIOCGIFNETMASK */
    {0x891du, ST_DIR_OUT, 40}, /* SIOCGIFMETRIC */
    {0x8921u, ST_DIR_OUT, 40}, /* SIOCGIFMTU */
    {0x8922u, ST_DIR_IN, 40}, /* SIOCSIFMTU */
    {0x8927u, ST_DIR_OUT, 40}, /* SIOCGIFHWADDR */
    {0x8933u, ST_DIR_OUT, 40}, /* SIOCGIFINDEX */
    {0x8942u, ST_DIR_OUT, 40}, /* SIOCGIFTXQLEN */
    {0x894bu, ST_DIR_OUT, 4}, /* SIOCOUTQNSD */
    {0x400454cau, ST_DIR_OUT, 40}, /* TUNSETIFF */
    {0x800454d2u, ST_DIR_OUT, 40}, /* TUNGETIFF */
    {0x1u, ST_DIR_OUT, 4}, /* FIBMAP */
    {0x2u, ST_DIR_OUT, 4}, /* FIGETBSZ */
    {0xc0045877u, 0xff, 0}, /* FIFREEZE */
    {0xc0045878u, 0xff, 0}, /* FITHAW */
    {0x40049409u, 0xff, 0}, /* FICLONE */
    {0x80086601u, ST_DIR_OUT, 4}, /* FS_IOC_GETFLAGS */
    {0x40086602u, ST_DIR_IN, 4}, /* FS_IOC_SETFLAGS */
    {0x80087601u, ST_DIR_OUT, 4}, /* FS_IOC_GETVERSION */
    {0x40087602u, ST_DIR_IN, 4}, /* FS_IOC_SETVERSION */
    {0x125du, ST_DIR_IN, 4}, /* BLKROSET */
    {0x125eu, ST_DIR_OUT, 4}, /* BLKROGET */
    {0x1260u, ST_DIR_OUT, 8}, /* BLKGETSIZE */
    {0x1263u, ST_DIR_OUT, 8}, /* BLKRAGET */
    {0x1268u, ST_DIR_OUT, 4}, /* BLKSSZGET */
    {0x80081270u, ST_DIR_OUT, 4}, /* BLKBSZGET */
    {0x40081271u, ST_DIR_IN, 4}, /* BLKBSZSET */
    {0x1277u, ST_DIR_IN, 16}, /* BLKDISCARD */
    {0x1278u, ST_DIR_OUT, 4}, /* BLKIOMIN */
    {0x1279u, ST_DIR_OUT, 4}, /* BLKIOOPT */
    {0x127au, ST_DIR_OUT, 4}, /* BLKALIGNOFF */
    {0x127bu, ST_DIR_OUT, 4}, /* BLKPBSZGET */
    {0x127cu, ST_DIR_OUT, 4}, /* BLKDISCARDZEROES */
    {0x127du, ST_DIR_IN, 16}, /* BLKSECDISCARD */
    {0x127eu, ST_DIR_OUT, 2}, /* BLKROTATIONAL */
    {0x127fu, ST_DIR_IN, 16}, /* BLKZEROOUT */
    {0x4c04u, ST_DIR_IN, 232}, /* LOOP_SET_STATUS64 */
    {0x4c05u, ST_DIR_OUT, 232}, /* LOOP_GET_STATUS64 */
    {0x4c0au, ST_DIR_IN, 304}, /* LOOP_CONFIGURE */
    {0xb704u, ST_DIR_OUT, 4}, /* NS_GET_OWNER_UID */
    {0x4b33u, ST_DIR_OUT, 1}, /* KDGKBTYPE */
    {0x4b3bu, ST_DIR_OUT, 4}, /* KDGETMODE */
    {0x4b44u, ST_DIR_OUT, 4}, /* KDGKBMODE */
    {0x5600u, ST_DIR_OUT, 4}, /* VT_OPENQRY */
    {0x5601u, ST_DIR_OUT, 8}, /* VT_GETMODE */
    {0x5602u, ST_DIR_IN, 8}, /* VT_SETMODE */
    {0x5603u, ST_DIR_OUT, 6}, /* VT_GETSTATE */
};
#define ST_N_IOCTLS 95u

#endif
