/*
 * mechanism.h — the one interface every event-dispatch mechanism implements,
 * in the manner of libevent's `struct eventop` and Redis' ae_*.c backends.
 * The request-handling core (core.c) knows nothing about select(), epoll or
 * signals; each mech_*.c file knows nothing about HTTP.
 *
 * Mechanisms keep their state in file-scope statics: one server per process.
 */
#ifndef DISPATCH_MECHANISM_H
#define DISPATCH_MECHANISM_H

#include <time.h>

struct server;

/* Interest and readiness bits. */
enum { EV_READABLE = 1, EV_WRITABLE = 2 };

/* One ready descriptor, as a wait call reports it. */
struct fired {
  int fd;
  int mask; /* EV_READABLE | EV_WRITABLE */
};

/* What the core must do differently for a mechanism. */
enum {
  /* Edge-triggered: a readiness is reported once, so the core reads and
   * accepts until EAGAIN (epoll-et). */
  MECH_EDGE = 1 << 0,
  /* Accept until EAGAIN whenever the listen socket is ready (select-ma,
   * rtsig). */
  MECH_MULTI_ACCEPT = 1 << 1,
  /* Data that arrived before the descriptor was registered is never reported
   * (RT signals are only raised by new arrivals): read right after accept. */
  MECH_READ_AFTER_ACCEPT = 1 << 2,
  /* Descriptors live in select() bitmaps of --select-setsize bits: refuse a
   * connection whose fd would not fit (counted as fd_setsize_rejects). */
  MECH_SELECT_BITMAP = 1 << 3,
};

struct mechanism {
  const char *name; /* the id used by --mechanism and in the counters */
  unsigned flags;
  /* Set up; 0 on success, else the exit status to stop with after one line
   * on stderr (3: the mechanism is unavailable here). */
  int (*init)(struct server *s);
  /* Start watching fd (a new connection or the listen socket) for mask. */
  int (*add)(struct server *s, int fd, int mask);
  /* Change the interest mask of a watched fd. */
  int (*modify)(struct server *s, int fd, int mask);
  /* Stop watching fd; the core closes it right after. */
  void (*remove)(struct server *s, int fd);
  /* Block until at least one fd is ready, a signal interrupts (-1, EINTR) or
   * the timeout passes (0); the core passes NULL: no timeout, it is stopped
   * by a signal (SIGTERM, or SIGALRM at --max-seconds). Fill out[0..max) and
   * return the count. Waits with s->wait_sigmask so the core's signals can
   * interrupt without a race. Counts its own calls in s->counters. */
  int (*wait)(struct server *s, struct fired *out, int max, const struct timespec *timeout);
};

/* Every mechanism of mechanisms.def, defined in its mech_*.c file. */
#define MECHANISM(id, symbol) extern const struct mechanism symbol;
#include "mechanisms.def"
#undef MECHANISM

#endif
