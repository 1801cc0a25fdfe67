/*
 * Replay of a packed trace: the program runs in a mount namespace of its own
 * where each directory holding a file it ran (a program, its ELF loader) is
 * overlaid, read-only, with a directory of the packed copies under the same
 * names. The kernel then loads the recorded files at execve, at the recorded
 * paths, whatever the replaying machine has there; everything else looks as
 * it is. As root this needs only a mount namespace; otherwise a user
 * namespace too, with the user mapped to itself.
 *
 * Runs in the forked child before its execve: only async-signal-safe calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "systape.h"

/* Append s to the message at *at (bounded by end). */
static void put(char **at, const char *end, const char *s)
{
    while (*s && *at < end)
        *(*at)++ = *s++;
}

static void put_num(char **at, const char *end, unsigned v)
{
    char digits[12];
    int n = 0;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < 11);
    while (n && *at < end)
        *(*at)++ = digits[--n];
}

/* Report `what` (and errno) on the events pipe as an EV_ERROR, then exit. */
static void fail(const struct session_config *cfg, const char *what, const char *target)
{
    int err = errno;
    struct {
        struct ev_error e;
        char text[480];
    } ev;
    memset(&ev, 0, sizeof ev);
    char *at = ev.text, *end = ev.text + sizeof ev.text - 8;
    put(&at, end, "cannot replay with the packed files in place: ");
    put(&at, end, what);
    if (target) {
        put(&at, end, " ");
        put(&at, end, target);
    }
    put(&at, end, " failed (errno ");
    put_num(&at, end, (unsigned)err);
    put(&at, end, err == EPERM ? ": it needs root, or user namespaces)" : ")");
    uint32_t len = (uint32_t)(at - ev.text);
    ev.e.h.type = EV_ERROR;
    ev.e.h.flags = EVE_CANNOT_START;
    ev.e.h.size = (uint32_t)((sizeof ev.e + len + 7) & ~7u);
    ev.e.err = err;
    ev.e.len = len;
    /* one write below PIPE_BUF: whole among the tracer's own */
    if (write(cfg->err_fd, &ev, ev.e.h.size) < 0)
        _exit(125);
    _exit(125);
}

static int write_file(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, len);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

/* "<id> <id> 1": the user (or group) is itself inside the new user namespace. */
static int map_self(const char *file, unsigned id)
{
    char text[40], *at = text, *end = text + sizeof text;
    put_num(&at, end, id);
    put(&at, end, " ");
    put_num(&at, end, id);
    put(&at, end, " 1");
    return write_file(file, text, (size_t)(at - text));
}

void file_view_enter(const struct session_config *cfg)
{
    if (unshare(CLONE_NEWNS) < 0) {
        if (errno != EPERM)
            fail(cfg, "unshare(CLONE_NEWNS)", NULL);
        unsigned uid = getuid(), gid = getgid();
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
            fail(cfg, "unshare(CLONE_NEWUSER|CLONE_NEWNS)", NULL);
        if (write_file("/proc/self/setgroups", "deny", 4) < 0 ||
            map_self("/proc/self/uid_map", uid) < 0 || map_self("/proc/self/gid_map", gid) < 0)
            fail(cfg, "mapping the user into its namespace", NULL);
    }
    /* our mounts stay ours, and nobody else's reach us */
    if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        fail(cfg, "making the mounts private", NULL);
    for (uint32_t i = 0; i < cfg->n_mounts; i++) {
        const char *dir = cfg->mounts[2 * i], *options = cfg->mounts[2 * i + 1];
        if (mount("overlay", dir, "overlay", MS_RDONLY, options) < 0)
            fail(cfg, "mounting the packed files over", dir);
    }
}
