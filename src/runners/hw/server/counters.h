/*
 * counters.h — what the server counts, written as JSON when it stops. The
 * orchestrator turns these into the CSV columns dispatch_calls,
 * sigwaitinfo_calls, sigio_count and events_per_dispatch (docs/design.md, "Metrics").
 * The orchestrator marks its measurement window with SIGUSR1 (start) and
 * SIGUSR2 (end); the counters of that window go out beside the whole run's.
 */
#ifndef DISPATCH_COUNTERS_H
#define DISPATCH_COUNTERS_H

#include <stdint.h>

struct counters {
  uint64_t dispatch_calls;     /* select/poll/epoll_wait/sigwaitinfo/io_uring waits */
  uint64_t events;             /* ready descriptors (or signals) those calls returned */
  uint64_t sigwaitinfo_calls;  /* rtsig: sigwaitinfo() calls */
  uint64_t sigio_count;        /* rtsig: SIGIOs received = RT signal queue overflows */
  uint64_t fallbacks;          /* rtsig: entries into the multi-accept select() fallback */
  uint64_t fallback_selects;   /* rtsig: select() calls made while in the fallback */
  uint64_t accepts;            /* connections accepted */
  uint64_t accept_errors;      /* accept() failures other than EAGAIN (e.g. EMFILE) */
  uint64_t replies;            /* replies written completely */
  uint64_t closes;             /* connections closed by the server */
  uint64_t read_errors;        /* read() failures (e.g. ECONNRESET) */
  uint64_t write_errors;       /* send() failures (e.g. EPIPE) */
  uint64_t bad_requests;       /* request headers larger than the connection buffer */
  uint64_t fd_setsize_rejects; /* connections refused: fd beyond the select() bitmaps */
};

struct counters_context {
  const char *mechanism;
  int port;
  long reply_bytes;
  double wall_s;
  const char *stopped_by; /* "signal" or "max-seconds" */
  /* The measurement window, when both its marks arrived: its counters
   * (end − start snapshot) and length; else window is NULL. */
  const struct counters *window;
  double window_s;
};

/* Writes the counters as one JSON object to path (temp file + rename, so a
 * reader never sees half a file), or to stdout when path is NULL; the
 * window's as a nested "window" object. 0 or -1. */
int counters_write(const char *path, const struct counters *c, const struct counters_context *ctx);

/* end − start, field by field: the counts of a window. */
struct counters counters_between(const struct counters *start, const struct counters *end);

#endif
