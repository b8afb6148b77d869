/*
 * mech_epoll.c — epoll: the interest set lives in the kernel, and
 * epoll_wait() costs in proportion to the ready descriptors, not the watched
 * ones (the modern answer to the paper's /dev/poll). `epoll` is
 * level-triggered; `epoll-et` registers EPOLLET, so the core must read and
 * accept until EAGAIN (MECH_EDGE).
 */
#define _GNU_SOURCE /* epoll_pwait2 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "core.h"

static int epfd = -1;
static struct epoll_event *events;

static int epoll_init(struct server *s) {
  epfd = epoll_create1(EPOLL_CLOEXEC);
  events = calloc((size_t)s->fd_capacity, sizeof *events);
  if (epfd < 0 || events == NULL) {
    fprintf(stderr, "dispatch-server: epoll_create1: %s\n", strerror(errno));
    return 1;
  }
  return 0;
}

static int ctl(struct server *s, int op, int fd, int mask) {
  struct epoll_event ev = {.data.fd = fd};
  ev.events = ((mask & EV_READABLE) ? EPOLLIN : 0) | ((mask & EV_WRITABLE) ? EPOLLOUT : 0) |
              ((s->mech->flags & MECH_EDGE) ? EPOLLET : 0);
  return epoll_ctl(epfd, op, fd, &ev);
}

static int epoll_add(struct server *s, int fd, int mask) { return ctl(s, EPOLL_CTL_ADD, fd, mask); }

static int epoll_modify(struct server *s, int fd, int mask) {
  return ctl(s, EPOLL_CTL_MOD, fd, mask);
}

/* Nothing to do: the core closes fd right after, and closing the last
 * reference to a socket drops it from every epoll set (no dup()s here), so
 * an EPOLL_CTL_DEL would be a wasted system call per connection. */
static void epoll_remove(struct server *s, int fd) {
  (void)s;
  (void)fd;
}

static int epoll_wait_ready(struct server *s, struct fired *out, int max,
                            const struct timespec *timeout) {
  s->counters.dispatch_calls++;
  int ready = epoll_pwait2(epfd, events, max, timeout, &s->wait_sigmask);
  for (int i = 0; i < ready; i++) {
    uint32_t e = events[i].events;
    int mask = ((e & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP)) ? EV_READABLE : 0) |
               ((e & EPOLLOUT) ? EV_WRITABLE : 0);
    out[i] = (struct fired){events[i].data.fd, mask};
  }
  return ready;
}

const struct mechanism mech_epoll = {
    .name = "epoll",
    .flags = 0,
    .init = epoll_init,
    .add = epoll_add,
    .modify = epoll_modify,
    .remove = epoll_remove,
    .wait = epoll_wait_ready,
};

const struct mechanism mech_epoll_et = {
    .name = "epoll-et",
    .flags = MECH_EDGE,
    .init = epoll_init,
    .add = epoll_add,
    .modify = epoll_modify,
    .remove = epoll_remove,
    .wait = epoll_wait_ready,
};
