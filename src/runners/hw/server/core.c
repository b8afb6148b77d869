/*
 * core.c — dispatch-server's main loop and request handling, independent of
 * the mechanism (mechanism.h). One process, one thread, non-blocking
 * sockets: the structure of the paper's micro servers (Chandra & Mosberger
 * 2001, Sections 3-4) with the dispatch call swapped per mechanism.
 */
#define _GNU_SOURCE /* accept4 */
#include "core.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Cap on per-fd tables when RLIMIT_NOFILE is unlimited (fs.nr_open's default). */
#define MAX_FD_CAPACITY (1 << 20)

static volatile sig_atomic_t stop_requested;

void server_request_stop(void) { stop_requested = 1; }

/* --max-seconds: an interval timer raises SIGALRM, which interrupts the wait
 * like a stop request, so waits need no timeout of their own. */
static volatile sig_atomic_t deadline_passed;

void server_request_deadline_stop(void) { deadline_passed = 1; }

static void on_deadline_signal(int sig) {
  (void)sig;
  deadline_passed = 1;
}

/* The orchestrator's measurement windows: SIGUSR1 marks a window's start,
 * SIGUSR2 its end. Like the stop signals they are blocked outside the
 * mechanism's wait, so a mark is taken between two waits, never inside a
 * request's handling. One server serves several windows (a sweep's rates
 * over the same idle connections): each end writes the counters file at
 * once with that window and the number of windows so far, which the
 * orchestrator waits for. */
static volatile sig_atomic_t window_marks; /* bit 0: start, bit 1: end */

void server_request_window_mark(int sig) { window_marks |= sig == SIGUSR1 ? 1 : 2; }

static void on_window_signal(int sig) { server_request_window_mark(sig); }

struct window {
  struct counters start, end;
  double start_s, end_s;
  int marks;     /* bit 0: started, bit 1: ended */
  unsigned done; /* windows completed */
};

/* Returns 1 when a window has just ended (its counters are to be written). */
static int take_window_marks(const struct server *s, struct window *w, double now) {
  int marks = window_marks;
  window_marks = 0;
  if (marks & 1) { /* a start begins a new window, also after an ended one */
    w->start = s->counters;
    w->start_s = now;
    w->marks = 1;
  }
  if ((marks & 2) && w->marks == 1) {
    w->end = s->counters;
    w->end_s = now;
    w->marks = 3;
    w->done++;
    return 1;
  }
  return 0;
}

static void on_stop_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("dispatch-server: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- connections ------------------------------------------------------ */

static void conn_close(struct server *s, struct conn *c) {
  s->mech->remove(s, c->fd);
  close(c->fd);
  s->conns[c->fd] = NULL;
  free(c);
  s->counters.closes++;
}

static int conn_set_mask(struct server *s, struct conn *c, int mask) {
  if (c->mask == mask) return 0;
  c->mask = mask;
  return s->mech->modify(s, c->fd, mask);
}

enum { CONN_OPEN, CONN_CLOSED };

/*
 * Writes what is left of the current reply. Where the connection closes after
 * it, the reply goes out with MSG_MORE and close() follows at once, so the
 * kernel sends the reply and the FIN in one segment and the server, not the
 * client, ends up in TIME_WAIT. docs/design.md, pitfall 1: httperf 0.9.0 with --hog
 * can spin forever in bind() when its own ports sit in TIME_WAIT; and the
 * reply/close sequence changes CPU per reply by about 2x, so it is fixed here
 * for every mechanism: one send() (MSG_MORE when closing), then close().
 */
static int conn_flush(struct server *s, struct conn *c) {
  while (c->out_off < c->out_len) {
    int flags = MSG_NOSIGNAL | (c->close_after ? MSG_MORE : 0);
    ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, flags);
    if (n > 0) {
      c->out_off += (size_t)n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      /* Socket buffer full (large replies): wait for writability only, so a
       * level-triggered mechanism does not spin on unread input meanwhile. */
      if (conn_set_mask(s, c, EV_WRITABLE) < 0) {
        conn_close(s, c);
        return CONN_CLOSED;
      }
      return CONN_OPEN;
    } else {
      s->counters.write_errors++;
      conn_close(s, c);
      return CONN_CLOSED;
    }
  }
  c->out = NULL;
  s->counters.replies++;
  if (c->close_after) {
    conn_close(s, c);
    return CONN_CLOSED;
  }
  if (conn_set_mask(s, c, EV_READABLE) < 0) {
    conn_close(s, c);
    return CONN_CLOSED;
  }
  return CONN_OPEN;
}

/* Replies to every complete request buffered, in order, until a reply cannot
 * be written at once or the connection closes. */
static int conn_serve(struct server *s, struct conn *c) {
  while (c->out == NULL) {
    size_t req = http_request_length(c->in, c->in_len);
    if (req == 0) {
      if (c->in_len == sizeof c->in) { /* headers larger than we accept */
        s->counters.bad_requests++;
        conn_close(s, c);
        return CONN_CLOSED;
      }
      return CONN_OPEN;
    }
    int keep = !s->opt.close_after_reply && http_keeps_alive(c->in, req);
    memmove(c->in, c->in + req, c->in_len - req);
    c->in_len -= req;
    const struct http_reply *r = keep ? &s->reply_keep_alive : &s->reply_close;
    c->close_after = !keep;
    c->out = r->bytes;
    c->out_len = r->len;
    c->out_off = 0;
    if (conn_flush(s, c) == CONN_CLOSED) return CONN_CLOSED;
  }
  return CONN_OPEN;
}

/* The connection is readable: one read() for level-triggered mechanisms (a
 * remainder is reported again), reads until EAGAIN for edge-triggered ones. */
static int conn_readable(struct server *s, struct conn *c) {
  int drain = (s->mech->flags & MECH_EDGE) != 0;
  for (;;) {
    if (c->out != NULL) return CONN_OPEN; /* finish the reply first */
    ssize_t n = read(c->fd, c->in + c->in_len, sizeof c->in - c->in_len);
    if (n > 0) {
      c->in_len += (size_t)n;
      if (conn_serve(s, c) == CONN_CLOSED) return CONN_CLOSED;
      if (!drain) return CONN_OPEN;
    } else if (n == 0) { /* the client closed */
      conn_close(s, c);
      return CONN_CLOSED;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return CONN_OPEN; /* a stale or early notification */
    } else if (errno != EINTR) {
      s->counters.read_errors++;
      conn_close(s, c);
      return CONN_CLOSED;
    }
  }
}

static int conn_writable(struct server *s, struct conn *c) {
  if (c->out == NULL) return CONN_OPEN; /* e.g. an RT signal for space nobody waits for */
  if (conn_flush(s, c) == CONN_CLOSED) return CONN_CLOSED;
  if (c->out != NULL) return CONN_OPEN;
  /* The reply is out: serve requests that arrived meanwhile; and read again,
   * since input notified while the reply was pending (RT signals, edges)
   * was skipped and will not be notified again. */
  if (conn_serve(s, c) == CONN_CLOSED) return CONN_CLOSED;
  return conn_readable(s, c);
}

/* ---- accepting -------------------------------------------------------- */

/* Out of descriptors (EMFILE, ENFILE) or memory: the listen socket stays
 * ready, so a level-triggered server would spin on accept(). Back off instead:
 * 1 ms after the first failure, doubling up to 64 ms while they continue (the
 * run is invalid anyway: the orchestrator checks accept_errors). */
static long accept_backoff_us;

static void back_off_after_accept_error(const struct server *s) {
  accept_backoff_us = accept_backoff_us == 0 ? 1000 : accept_backoff_us * 2;
  if (accept_backoff_us > 64000) accept_backoff_us = 64000;
  struct timespec pause = {.tv_sec = 0, .tv_nsec = accept_backoff_us * 1000};
  nanosleep(&pause, NULL);
  /* The listen socket stays ready, so every wait returns at once, and a
   * pselect/ppoll that returns ready descriptors restores the blocked mask
   * without delivering a pending signal: SIGTERM would never get in. Let the
   * pending control signals in here (measured: a select server out of
   * descriptors ignored SIGTERM). */
  sigset_t blocked;
  sigprocmask(SIG_SETMASK, &s->wait_sigmask, &blocked);
  sigprocmask(SIG_SETMASK, &blocked, NULL);
}

/* One accept() per readiness (select, poll, epoll), or accept until EAGAIN
 * (multi-accept: select-ma, rtsig; and epoll-et, which must). */
static void accept_ready(struct server *s) {
  int many = (s->mech->flags & (MECH_MULTI_ACCEPT | MECH_EDGE)) != 0;
  do {
    int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      s->counters.accept_errors++; /* EMFILE, ENFILE, ENOBUFS: try again later */
      back_off_after_accept_error(s);
      return;
    }
    accept_backoff_us = 0;
    s->counters.accepts++;
    /* A descriptor past select()'s bitmaps would be written out of bounds:
     * refuse the connection instead, and count it. */
    if (((s->mech->flags & MECH_SELECT_BITMAP) && fd >= s->select_setsize) ||
        fd >= s->fd_capacity) {
      s->counters.fd_setsize_rejects++;
      s->counters.closes++;
      close(fd);
      continue;
    }
    struct conn *c = calloc(1, sizeof *c);
    if (c == NULL) die("out of memory");
    c->fd = fd;
    c->mask = EV_READABLE;
    s->conns[fd] = c;
    if (s->mech->add(s, fd, EV_READABLE) < 0) {
      s->conns[fd] = NULL;
      free(c);
      close(fd);
      s->counters.closes++;
      continue;
    }
    /* With RT signals, a request that arrived before O_ASYNC was set raised
     * no signal: look for it now. */
    if (s->mech->flags & MECH_READ_AFTER_ACCEPT) conn_readable(s, c);
  } while (many);
}

/* ---- start-up --------------------------------------------------------- */

/* Idle-connection runs hold thousands of sockets: raise the soft
 * RLIMIT_NOFILE to the hard limit, and size every per-fd table by it. */
static int raise_nofile(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0) die("getrlimit(RLIMIT_NOFILE): %s", strerror(errno));
  rlim_t want = rl.rlim_max;
  if (want == RLIM_INFINITY || want > MAX_FD_CAPACITY) want = MAX_FD_CAPACITY;
  if (rl.rlim_cur < want) {
    rl.rlim_cur = want;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) die("setrlimit(RLIMIT_NOFILE): %s", strerror(errno));
  }
  return (int)(rl.rlim_cur > MAX_FD_CAPACITY ? MAX_FD_CAPACITY : rl.rlim_cur);
}

/* Bound to 127.0.0.1, or to a link-local address inside a private network
 * namespace (options.c): the server is a test load for a local client and
 * must never be reachable from the network. */
static int listen_private(uint32_t address, int port, int backlog, int *bound_port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket: %s", strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = address;
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind %s:%d: %s", text, port, strerror(errno));
  if (listen(fd, backlog) < 0) die("listen: %s", strerror(errno));
  socklen_t len = sizeof a;
  if (getsockname(fd, (struct sockaddr *)&a, &len) < 0) die("getsockname: %s", strerror(errno));
  *bound_port = ntohs(a.sin_port);
  return fd;
}

/* SIGTERM/SIGINT set a flag; they stay blocked except inside wait calls. */
static void setup_signals(struct server *s) {
  struct sigaction sa = {.sa_handler = on_stop_signal}; /* no SA_RESTART: interrupt waits */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  struct sigaction alarm_action = {.sa_handler = on_deadline_signal};
  sigemptyset(&alarm_action.sa_mask);
  sigaction(SIGALRM, &alarm_action, NULL);
  struct sigaction mark = {.sa_handler = on_window_signal};
  sigemptyset(&mark.sa_mask);
  sigaction(SIGUSR1, &mark, NULL);
  sigaction(SIGUSR2, &mark, NULL);
  signal(SIGPIPE, SIG_IGN);
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGUSR1);
  sigaddset(&stop, SIGUSR2);
  sigaddset(&stop, SIGALRM);
  sigprocmask(SIG_BLOCK, &stop, &s->wait_sigmask);
  sigdelset(&s->wait_sigmask, SIGTERM);
  sigdelset(&s->wait_sigmask, SIGINT);
  sigdelset(&s->wait_sigmask, SIGUSR1);
  sigdelset(&s->wait_sigmask, SIGUSR2);
  sigdelset(&s->wait_sigmask, SIGALRM);
}

static void announce(const struct server *s) {
  char text[INET_ADDRSTRLEN];
  struct in_addr a = {.s_addr = s->opt.address};
  inet_ntop(AF_INET, &a, text, sizeof text);
  char line[64];
  int n = snprintf(line, sizeof line, "listening %s:%d\n", text, s->port);
  if (s->opt.ready_fd >= 0) {
    if (write(s->opt.ready_fd, line, (size_t)n) != n)
      die("--ready-fd %d: %s", s->opt.ready_fd, strerror(errno));
    close(s->opt.ready_fd);
  } else {
    fputs(line, stdout);
    fflush(stdout);
  }
}

/* The counters file: the whole life so far and the last completed window. */
static void write_counters(const struct server *s, const struct window *w, double wall_s,
                           const char *stopped_by) {
  struct counters in_window = counters_between(&w->start, &w->end);
  struct counters_context ctx = {.mechanism = s->mech->name,
                                 .port = s->port,
                                 .reply_bytes = s->opt.reply_bytes,
                                 .wall_s = wall_s,
                                 .stopped_by = stopped_by,
                                 .window = w->done > 0 ? &in_window : NULL,
                                 .window_s = w->end_s - w->start_s,
                                 .windows = w->done,
                                 .open_connections = s->counters.accepts - s->counters.closes};
  if (counters_write(s->opt.counters_path, &s->counters, &ctx) < 0)
    die("writing counters to %s: %s", s->opt.counters_path ? s->opt.counters_path : "stdout",
        strerror(errno));
}

int main(int argc, char **argv) {
  static struct server s;
  options_parse(&s.opt, argc, argv);
  s.mech = s.opt.mechanism;
  s.fd_capacity = raise_nofile();
  s.select_setsize = s.opt.select_setsize > 0 && s.opt.select_setsize < s.fd_capacity
                         ? (int)s.opt.select_setsize
                         : s.fd_capacity;
  s.conns = calloc((size_t)s.fd_capacity, sizeof *s.conns);
  struct fired *fired = calloc((size_t)s.fd_capacity, sizeof *fired);
  if (s.conns == NULL || fired == NULL || http_reply_build(&s.reply_keep_alive, s.opt.reply_bytes, 1) < 0 ||
      http_reply_build(&s.reply_close, s.opt.reply_bytes, 0) < 0)
    die("out of memory");
  int status = s.mech->init(&s);
  if (status != 0) return status;
  if (s.opt.check_only) {
    printf("%s: available\n", s.mech->name);
    return 0;
  }
  /* After init: the wait mask must keep what the mechanism blocked (rtsig's
   * SIGRTMIN and SIGIO, whose default action would kill the process). */
  setup_signals(&s);
  s.listen_fd = listen_private(s.opt.address, s.opt.port, s.opt.backlog, &s.port);
  if (s.mech->add(&s, s.listen_fd, EV_READABLE) < 0) die("registering the listen socket failed");
  announce(&s);

  /* A descriptor kept for the counters file: a server out of descriptors
   * (EMFILE) must still be able to write it when told to stop. */
  int spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  double start = now_s();
  const char *stopped_by = "max-seconds";
  struct itimerval deadline = {
      .it_value = {.tv_sec = (time_t)s.opt.max_seconds,
                   .tv_usec = (suseconds_t)((s.opt.max_seconds - (double)(time_t)s.opt.max_seconds) * 1e6)}};
  if (deadline.it_value.tv_sec == 0 && deadline.it_value.tv_usec == 0) deadline.it_value.tv_usec = 1;
  if (setitimer(ITIMER_REAL, &deadline, NULL) < 0) die("setitimer: %s", strerror(errno));
  struct window window = {.marks = 0, .done = 0};
  for (;;) {
    if (window_marks && take_window_marks(&s, &window, now_s()))
      write_counters(&s, &window, now_s() - start, "running");
    if (stop_requested) {
      stopped_by = "signal";
      break;
    }
    if (deadline_passed) break;
    int n = s.mech->wait(&s, fired, s.fd_capacity, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("%s wait: %s", s.mech->name, strerror(errno));
    }
    s.counters.events += (uint64_t)n;
    for (int i = 0; i < n; i++) {
      int fd = fired[i].fd;
      if (fd == s.listen_fd) {
        accept_ready(&s);
        continue;
      }
      /* NULL: a stale notification for a connection closed meanwhile. */
      struct conn *c = fd >= 0 && fd < s.fd_capacity ? s.conns[fd] : NULL;
      if (c == NULL) continue;
      if ((fired[i].mask & EV_WRITABLE) && conn_writable(&s, c) == CONN_CLOSED) continue;
      if (fired[i].mask & EV_READABLE) conn_readable(&s, c);
    }
  }

  if (window_marks) take_window_marks(&s, &window, now_s());
  if (spare_fd >= 0) close(spare_fd);
  write_counters(&s, &window, now_s() - start, stopped_by);
  return 0;
}
