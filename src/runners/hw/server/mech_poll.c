/*
 * mech_poll.c — poll(): like select() the kernel polls every watched
 * descriptor per call, with an array of pollfd instead of bitmaps (paper
 * Section 2). The array is kept dense: a removed entry is replaced by the
 * last one, and slot[] maps fd -> index.
 */
#define _GNU_SOURCE /* ppoll */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"

static struct pollfd *pfds;
static int *slot; /* fd -> index in pfds, or -1 */
static int count;

static short to_events(int mask) {
  return (short)(((mask & EV_READABLE) ? POLLIN : 0) | ((mask & EV_WRITABLE) ? POLLOUT : 0));
}

static int poll_init(struct server *s) {
  pfds = calloc((size_t)s->fd_capacity, sizeof *pfds);
  slot = malloc((size_t)s->fd_capacity * sizeof *slot);
  if (pfds == NULL || slot == NULL) {
    fputs("dispatch-server: poll: out of memory\n", stderr);
    return 1;
  }
  for (int i = 0; i < s->fd_capacity; i++) slot[i] = -1;
  return 0;
}

static int poll_add(struct server *s, int fd, int mask) {
  (void)s;
  if (slot[fd] < 0) {
    slot[fd] = count;
    pfds[count++] = (struct pollfd){.fd = fd};
  }
  pfds[slot[fd]].events = to_events(mask);
  return 0;
}

static void poll_remove(struct server *s, int fd) {
  (void)s;
  int i = slot[fd];
  if (i < 0) return;
  pfds[i] = pfds[--count];
  slot[pfds[i].fd] = i;
  slot[fd] = -1;
}

static int poll_wait(struct server *s, struct fired *out, int max, const struct timespec *timeout) {
  s->counters.dispatch_calls++;
  int ready = ppoll(pfds, (nfds_t)count, timeout, &s->wait_sigmask);
  if (ready <= 0) return ready;
  int n = 0;
  for (int i = 0; i < count && n < ready && n < max; i++) {
    short r = pfds[i].revents;
    if (r == 0) continue;
    /* Errors and hang-ups surface through read(). */
    int mask = ((r & (POLLIN | POLLERR | POLLHUP | POLLNVAL)) ? EV_READABLE : 0) |
               ((r & POLLOUT) ? EV_WRITABLE : 0);
    out[n++] = (struct fired){pfds[i].fd, mask};
  }
  return n;
}

const struct mechanism mech_poll = {
    .name = "poll",
    .flags = 0,
    .init = poll_init,
    .add = poll_add,
    .modify = poll_add,
    .remove = poll_remove,
    .wait = poll_wait,
};
