/*
 * core.h — the request-handling core shared by every mechanism: the listen
 * socket, accept, non-blocking reads, request framing, the reply and the
 * counters. Mechanisms see the server through this struct.
 */
#ifndef DISPATCH_CORE_H
#define DISPATCH_CORE_H

#include <signal.h>
#include <stddef.h>

#include "counters.h"
#include "http.h"
#include "mechanism.h"
#include "options.h"

/* Per-connection input buffer: far above any request httperf sends. */
#define CONN_BUFFER_BYTES 4096

struct conn {
  int fd;
  int mask;                /* interest currently registered with the mechanism */
  int close_after;         /* the reply being written is the last on this connection */
  size_t in_len;           /* bytes buffered in `in` */
  const char *out;         /* reply being written, or NULL */
  size_t out_len, out_off; /* its length and how much the kernel has taken */
  char in[CONN_BUFFER_BYTES];
};

struct server {
  struct options opt;
  const struct mechanism *mech;
  int listen_fd;
  int port;
  /* Highest descriptor count the process may hold (RLIMIT_NOFILE soft limit
   * after raising it to the hard limit): sizes every per-fd table. */
  int fd_capacity;
  /* Descriptors >= this do not fit select()'s bitmaps (--select-setsize). */
  int select_setsize;
  struct conn **conns; /* by fd; NULL for the listen socket and unused fds */
  /* The signal mask to wait with: SIGTERM/SIGINT are blocked except inside
   * the mechanism's wait call (pselect/ppoll/epoll_pwait2/io_uring sigmask),
   * so a stop request can never slip in between the check and the wait. */
  sigset_t wait_sigmask;
  struct http_reply reply_keep_alive, reply_close;
  struct counters counters;
};

/* Mechanisms that consume SIGTERM/SIGINT themselves (rtsig's sigwaitinfo)
 * report it here. */
void server_request_stop(void);
/* Mechanisms that consume SIGUSR1/SIGUSR2 themselves report them here: the
 * orchestrator's window marks (start, end), taken after the current wait. */
void server_request_window_mark(int sig);
/* ... and SIGALRM: --max-seconds has passed. */
void server_request_deadline_stop(void);

#endif
