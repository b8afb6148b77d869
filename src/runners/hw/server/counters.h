/*
 * counters.h — what the server counts, written as JSON when it stops. The
 * orchestrator turns these into the CSV columns dispatch_calls,
 * sigwaitinfo_calls, sigio_count and events_per_dispatch (docs/design.md, "Metrics").
 * The orchestrator marks each measurement window with SIGUSR1 (start) and
 * SIGUSR2 (end); at each end the file is written with that window's counters
 * beside the whole run's so far, and once more when the server stops.
 */
#ifndef DISPATCH_COUNTERS_H
#define DISPATCH_COUNTERS_H

#include <stdint.h>

/* Every counter, once: the struct, its JSON and a window's difference are
 * all made from this list. */
#define COUNTER_FIELDS(X)                                                                \
  X(dispatch_calls)     /* select/poll/epoll_wait/sigwaitinfo/io_uring waits */        \
  X(events)             /* ready descriptors (or signals) those calls returned */      \
  X(sigwaitinfo_calls)  /* rtsig: sigwaitinfo() calls */                               \
  X(sigio_count)        /* rtsig: SIGIOs received = RT signal queue overflows */       \
  X(fallbacks)          /* rtsig: entries into the multi-accept select() fallback */   \
  X(fallback_selects)   /* rtsig: select() calls made while in the fallback */         \
  X(accepts)            /* connections accepted */                                     \
  X(accept_errors)      /* accept() failures other than EAGAIN (e.g. EMFILE) */        \
  X(replies)            /* replies written completely */                               \
  X(closes)             /* connections closed by the server */                         \
  X(read_errors)        /* read() failures (e.g. ECONNRESET) */                        \
  X(write_errors)       /* send() failures (e.g. EPIPE) */                             \
  X(bad_requests)       /* request headers larger than the connection buffer */        \
  X(fd_setsize_rejects) /* connections refused: fd beyond the select() bitmaps */

struct counters {
#define COUNTER_MEMBER(name) uint64_t name;
  COUNTER_FIELDS(COUNTER_MEMBER)
#undef COUNTER_MEMBER
};

struct counters_context {
  const char *mechanism;
  int port;
  long reply_bytes;
  double wall_s;
  const char *stopped_by; /* "signal", "max-seconds", or "running" (written at a window's end) */
  /* The last completed measurement window: its counters (end − start
   * snapshot) and length; NULL before the first window ends. */
  const struct counters *window;
  double window_s;
  unsigned windows;                /* windows completed so far */
  uint64_t open_connections;       /* accepted and not yet closed, now */
};

/* Writes the counters as one JSON object to path (temp file + rename, so a
 * reader never sees half a file), or to stdout when path is NULL; the
 * window's as a nested "window" object. 0 or -1. */
int counters_write(const char *path, const struct counters *c, const struct counters_context *ctx);

/* end − start, field by field: the counts of a window. */
struct counters counters_between(const struct counters *start, const struct counters *end);

#endif
