/*
 * mech_rtsig.c — POSIX.4 RT signals, as in the paper's Figures 1 and 2:
 * every socket (and the listen socket) raises SIGRTMIN with its fd in
 * si_fd; the server blocks the signal and dequeues one per sigwaitinfo().
 *
 * The queue is finite. Linux 2.4 had a system-wide rtsig-max of 1024; today
 * the limit is RLIMIT_SIGPENDING, which --queue-limit sets (default 1024).
 * NB: the kernel counts pending signals per user (all of root's processes
 * share one count), against this process's soft limit.
 *
 * When a signal cannot be queued, fs/fcntl.c send_sigio_to_task() raises a
 * plain SIGIO instead (docs/design.md, Facts). The overflow protocol of the paper
 * (Section 3.3, Section 4.2 footnote 2): on SIGIO, discard the queued RT
 * signals (events may already be lost, so they cannot be trusted), and serve
 * with multi-accept select() — which must empty the listen queue, lest a
 * lost connection event deadlock the server. The paper does not state when
 * the server returns to sigwaitinfo(); this follows the simulator's R1
 * (docs/model-rules.md, src/runners/sim/mechanisms/rtsig.ts): by default
 * after one pass — one multi-accept select() round, its events served — as
 * nginx's ngx_rtsig_module and ircd-hybrid's s_bsd_sigio.c do; with
 * --fallback-exit until-caught-up only once a select() finds no connection
 * waiting on the listen socket (the earlier, unsourced rule: with
 * read-after-accept and silent idle connections a select() then returns
 * only for a new connection at low load, so the server never leaves the
 * fallback). The fallback's select() blocks until something is ready.
 *
 * The listen socket is drained (accept until EAGAIN, MECH_MULTI_ACCEPT) on
 * every listen signal too, as phhttpd and the simulator's server do; later
 * listen signals then find EAGAIN. So the fallback is multi-accept select()
 * as footnote 2 requires.
 */
#define _GNU_SOURCE /* F_SETSIG */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core.h"
#include "mech_select.h"

static sigset_t waited; /* SIGRTMIN, SIGIO; the core's SIGTERM, SIGINT, SIGUSR1, SIGUSR2, SIGALRM */
static struct select_set *fallback;   /* every watched fd, for the fallback */
static int in_fallback;

static int rtsig_init(struct server *s) {
  struct rlimit rl;
  getrlimit(RLIMIT_SIGPENDING, &rl);
  rl.rlim_cur = (rlim_t)s->opt.queue_limit;
  if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rl.rlim_cur) rl.rlim_max = rl.rlim_cur;
  if (setrlimit(RLIMIT_SIGPENDING, &rl) < 0) {
    fprintf(stderr, "dispatch-server: rtsig: setrlimit(RLIMIT_SIGPENDING, %ld): %s\n",
            s->opt.queue_limit, strerror(errno));
    return 1;
  }
  /* Blocked: the signals stay queued until sigwaitinfo() takes them, and no
   * handler ever runs (paper Figure 2). */
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGRTMIN);
  sigaddset(&block, SIGIO);
  sigprocmask(SIG_BLOCK, &block, NULL);
  waited = block;
  sigaddset(&waited, SIGTERM); /* blocked by the core outside waits */
  sigaddset(&waited, SIGINT);
  sigaddset(&waited, SIGUSR1); /* the orchestrator's window marks, likewise */
  sigaddset(&waited, SIGUSR2);
  sigaddset(&waited, SIGALRM); /* --max-seconds, likewise */
  fallback = select_set_create(s->select_setsize);
  if (fallback == NULL) {
    fputs("dispatch-server: rtsig: out of memory\n", stderr);
    return 1;
  }
  return 0;
}

/* Paper Figure 1: owner, signal, then O_ASYNC (with O_NONBLOCK). */
static int rtsig_add(struct server *s, int fd, int mask) {
  (void)s;
  if (fcntl(fd, F_SETOWN, getpid()) < 0 || fcntl(fd, F_SETSIG, SIGRTMIN) < 0 ||
      fcntl(fd, F_SETFL, O_NONBLOCK | O_ASYNC) < 0)
    return -1;
  select_set_watch(fallback, fd, mask);
  return 0;
}

/* Signals are raised whatever the interest; only the fallback uses it. */
static int rtsig_modify(struct server *s, int fd, int mask) {
  (void)s;
  select_set_watch(fallback, fd, mask);
  return 0;
}

/* close() detaches the fd from the signal; signals already queued for it
 * become stale and end in a harmless EAGAIN or a lookup miss in the core. */
static void rtsig_remove(struct server *s, int fd) {
  (void)s;
  select_set_watch(fallback, fd, 0);
}

/* Discard every queued SIGRTMIN at once: setting a signal's disposition to
 * SIG_IGN discards its pending instances (POSIX; kernel do_sigaction), even
 * while blocked; signals raised afterwards queue again since blocked signals
 * are never ignored. (SIG_DFL, as in nginx's rtsig module, would not flush
 * on today's kernels: SIGRTMIN's default action is to terminate, not to
 * ignore.) Then restore SIG_DFL; it never runs, the signal stays blocked. */
static void flush_rt_queue(void) {
  struct sigaction ign = {.sa_handler = SIG_IGN}, dfl = {.sa_handler = SIG_DFL};
  sigemptyset(&ign.sa_mask);
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGRTMIN, &ign, NULL);
  sigaction(SIGRTMIN, &dfl, NULL);
}

static int fallback_wait(struct server *s, struct fired *out, int max,
                         const struct timespec *timeout) {
  s->counters.fallback_selects++;
  int n = select_set_wait(s, fallback, out, max, timeout);
  if (n < 0) return n;
  int listen_waiting = 0;
  for (int i = 0; i < n; i++)
    if (out[i].fd == s->listen_fd) listen_waiting = 1;
  /* R1: after one pass, or (until-caught-up) once no connection is waiting:
   * serve this batch, then back to sigwaitinfo(). The signals queued since
   * the flush describe events select() serves now; they come back as stale
   * work (EAGAIN). */
  if (!s->opt.fallback_until_caught_up || !listen_waiting) in_fallback = 0;
  return n;
}

static int rtsig_wait(struct server *s, struct fired *out, int max, const struct timespec *timeout) {
  if (in_fallback) return fallback_wait(s, out, max, timeout);

  /* sigtimedwait() is sigwaitinfo() with the timeout the core's deadline
   * needs: the same system call (rt_sigtimedwait), one signal per call. */
  siginfo_t si;
  s->counters.dispatch_calls++;
  s->counters.sigwaitinfo_calls++;
  int sig = sigtimedwait(&waited, &si, timeout);
  if (sig < 0) return errno == EAGAIN ? 0 : -1; /* EAGAIN: the timeout passed */
  if (sig == SIGTERM || sig == SIGINT) {
    server_request_stop();
    return 0;
  }
  if (sig == SIGALRM) {
    s->counters.dispatch_calls--;
    s->counters.sigwaitinfo_calls--;
    server_request_deadline_stop();
    return 0;
  }
  if (sig == SIGUSR1 || sig == SIGUSR2) {
    /* A window mark, not a dispatch: not counted as one. */
    s->counters.dispatch_calls--;
    s->counters.sigwaitinfo_calls--;
    server_request_window_mark(sig);
    return 0;
  }
  if (sig == SIGIO) {
    s->counters.sigio_count++;
    s->counters.fallbacks++;
    flush_rt_queue();
    in_fallback = 1;
    return 0; /* the next wait is the fallback's select() */
  }
  if (si.si_code <= 0) return 0; /* sent by a process (kill/sigqueue), not by a socket */
  long band = si.si_band;
  int mask = ((band & (POLLIN | POLLRDNORM | POLLERR | POLLHUP | POLLMSG)) ? EV_READABLE : 0) |
             ((band & (POLLOUT | POLLWRNORM | POLLWRBAND)) ? EV_WRITABLE : 0);
  if (max < 1) return 0;
  out[0] = (struct fired){si.si_fd, mask != 0 ? mask : EV_READABLE};
  return 1;
}

const struct mechanism mech_rtsig = {
    .name = "rtsig",
    /* The fallback shares select()'s bitmaps and their size limit. */
    .flags = MECH_MULTI_ACCEPT | MECH_READ_AFTER_ACCEPT | MECH_SELECT_BITMAP,
    .init = rtsig_init,
    .add = rtsig_add,
    .modify = rtsig_modify,
    .remove = rtsig_remove,
    .wait = rtsig_wait,
};
