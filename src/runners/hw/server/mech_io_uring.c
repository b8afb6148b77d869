/*
 * mech_io_uring.c — io_uring used as a readiness mechanism (liburing):
 * one one-shot IORING_OP_POLL_ADD per watched fd, re-armed after it fires,
 * submitted in a batch with the next wait. Like epoll the interest set lives
 * in the kernel and a wait costs per ready fd; unlike epoll each readiness
 * is a completion to re-arm, and no system call is needed per add.
 *
 * user_data = generation << 32 | fd, so a completion for an fd that was
 * closed (and its number reused) is recognised as stale and dropped. A poll
 * request holds a reference to the socket, so removing an fd whose poll is
 * armed cancels that poll at once; otherwise close() would not release the
 * socket (nor send its FIN) until the next wait.
 *
 * Built only when liburing is present (the Makefile defines HAVE_LIBURING);
 * otherwise, and when the kernel refuses io_uring (ENOSYS, or EPERM under
 * kernel.io_uring_disabled / seccomp), --mechanism io_uring exits with
 * status 3 after one line naming the reason.
 */
#define _GNU_SOURCE /* strerrorname_np */
#include <stdio.h>

#include "core.h"

#ifdef HAVE_LIBURING

#include <errno.h>
#include <liburing.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RING_ENTRIES 4096
#define REMOVE_TAG (1ULL << 63) /* user_data of poll-remove requests */

struct watch {
  uint32_t generation;
  unsigned char registered, armed, mask;
};

static struct io_uring ring;
static struct watch *watches; /* by fd */
static int *rearm;            /* fds whose poll fired: re-arm before the next wait */
static int nrearm;

static struct io_uring_sqe *get_sqe(void) {
  struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
  if (sqe == NULL) { /* submission queue full: hand it to the kernel now */
    io_uring_submit(&ring);
    sqe = io_uring_get_sqe(&ring);
  }
  return sqe;
}

static uint64_t tag(int fd) { return (uint64_t)watches[fd].generation << 32 | (uint32_t)fd; }

static int arm(int fd) {
  struct io_uring_sqe *sqe = get_sqe();
  if (sqe == NULL) return -1;
  unsigned events = ((watches[fd].mask & EV_READABLE) ? POLLIN : 0) |
                    ((watches[fd].mask & EV_WRITABLE) ? POLLOUT : 0);
  io_uring_prep_poll_add(sqe, fd, events);
  io_uring_sqe_set_data64(sqe, tag(fd));
  watches[fd].armed = 1;
  return 0;
}

/* Cancel fd's armed poll; its completion (-ECANCELED) becomes stale. */
static int disarm(int fd) {
  struct io_uring_sqe *sqe = get_sqe();
  if (sqe == NULL) return -1;
  io_uring_prep_poll_remove(sqe, tag(fd));
  io_uring_sqe_set_data64(sqe, REMOVE_TAG);
  watches[fd].armed = 0;
  watches[fd].generation = (watches[fd].generation + 1) & 0x7fffffff;
  return 0;
}

static int uring_init(struct server *s) {
  int ret = io_uring_queue_init(RING_ENTRIES, &ring, 0);
  if (ret < 0) {
    fprintf(stderr, "dispatch-server: io_uring unavailable: io_uring_queue_init: %s (%s)\n",
            strerror(-ret), strerrorname_np(-ret));
    return 3;
  }
  watches = calloc((size_t)s->fd_capacity, sizeof *watches);
  rearm = calloc((size_t)s->fd_capacity, sizeof *rearm);
  if (watches == NULL || rearm == NULL) {
    fputs("dispatch-server: io_uring: out of memory\n", stderr);
    return 1;
  }
  return 0;
}

static int uring_add(struct server *s, int fd, int mask) {
  (void)s;
  watches[fd].registered = 1;
  watches[fd].mask = (unsigned char)mask;
  return arm(fd);
}

static int uring_modify(struct server *s, int fd, int mask) {
  (void)s;
  watches[fd].mask = (unsigned char)mask;
  if (!watches[fd].armed) return 0; /* fired: re-armed with the new mask before the next wait */
  if (disarm(fd) < 0) return -1;
  return arm(fd);
}

static void uring_remove(struct server *s, int fd) {
  (void)s;
  watches[fd].registered = 0;
  if (watches[fd].armed && disarm(fd) == 0) io_uring_submit(&ring);
}

static int uring_wait(struct server *s, struct fired *out, int max, const struct timespec *timeout) {
  for (int i = 0; i < nrearm; i++) {
    int fd = rearm[i];
    if (watches[fd].registered && !watches[fd].armed) arm(fd);
  }
  nrearm = 0;

  /* No timeout (NULL) becomes a day: without a timeout liburing's
   * submit_and_wait_timeout takes another path on which a signal did not end
   * the wait here (measured: SIGALRM at --max-seconds left the server
   * waiting); with one it passes the signal mask to the kernel (EXT_ARG) and
   * returns -EINTR. A day never fires within a run. */
  struct __kernel_timespec ts = {.tv_sec = 86400, .tv_nsec = 0};
  if (timeout != NULL) ts = (struct __kernel_timespec){.tv_sec = timeout->tv_sec, .tv_nsec = timeout->tv_nsec};
  struct io_uring_cqe *cqe;
  s->counters.dispatch_calls++;
  int ret = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, &s->wait_sigmask);
  if (ret < 0 && ret != -ETIME) {
    errno = -ret;
    return -1;
  }
  int n = 0;
  unsigned head, seen = 0;
  io_uring_for_each_cqe(&ring, head, cqe) {
    if (n == max) break;
    seen++;
    uint64_t ud = cqe->user_data;
    if (ud & REMOVE_TAG) continue;
    int fd = (int)(uint32_t)ud;
    struct watch *w = &watches[fd];
    if (!w->registered || !w->armed || (uint32_t)(ud >> 32) != w->generation) continue; /* stale */
    w->armed = 0;
    rearm[nrearm++] = fd;
    int r = cqe->res;
    /* A failed poll (r < 0) is reported readable: read() surfaces the error. */
    int mask = r < 0 ? EV_READABLE
                     : ((r & (POLLIN | POLLERR | POLLHUP)) ? EV_READABLE : 0) |
                           ((r & POLLOUT) ? EV_WRITABLE : 0);
    out[n++] = (struct fired){fd, mask != 0 ? mask : EV_READABLE};
  }
  io_uring_cq_advance(&ring, seen);
  return n;
}

#else /* no liburing at build time */

static int uring_init(struct server *s) {
  (void)s;
  fputs("dispatch-server: io_uring unavailable: built without liburing "
        "(install liburing-dev and rebuild)\n",
        stderr);
  return 3;
}

static int uring_add(struct server *s, int fd, int mask) {
  (void)s, (void)fd, (void)mask;
  return -1;
}

static void uring_remove(struct server *s, int fd) { (void)s, (void)fd; }

static int uring_wait(struct server *s, struct fired *out, int max, const struct timespec *timeout) {
  (void)s, (void)out, (void)max, (void)timeout;
  return -1;
}

#define uring_modify uring_add

#endif

const struct mechanism mech_io_uring = {
    .name = "io_uring",
    .flags = 0,
    .init = uring_init,
    .add = uring_add,
    .modify = uring_modify,
    .remove = uring_remove,
    .wait = uring_wait,
};
