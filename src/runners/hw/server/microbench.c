/*
 * microbench.c — `dispatch-microbench`: the system-call costs that the
 * simulator's modern cost profile is built from (dispatch-repro calibrate,
 * docs/cross-validation.md). Each term is timed in a loop on the CPU the
 * servers run on, as the median of several batches, and printed as one JSON
 * object; the calibrate command turns them into profile constants.
 *
 * Per-descriptor terms are slopes between two set sizes of idle loopback TCP
 * connections (the servers' idle connections), so a call's fixed cost drops
 * out: select()/poll() with a zero timeout scan without registering waiters
 * (fs/select.c do_select/do_poll clear the poll table's _qproc when the
 * timeout is zero); with a 1-µs timeout they register a waiter on every
 * descriptor, sleep and scan once more (the blocking path a server takes when
 * nothing is ready).
 *
 * Usage: dispatch-microbench [--cpu N] [--peer-cpu M] [--idle N1,N2]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_LIBURING
#include <liburing.h>
#endif

#define BATCHES 7
#define WORD_BITS (sizeof(unsigned long) * CHAR_BIT)

static void die(const char *what) {
  fprintf(stderr, "dispatch-microbench: %s: %s\n", what, strerror(errno));
  exit(1);
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median over BATCHES of the per-operation time of `ops` calls of fn. */
static double per_op_us(void (*fn)(void *, int), void *ctx, int ops) {
  double v[BATCHES];
  fn(ctx, ops / 10 + 1); /* warm caches and code paths */
  for (int b = 0; b < BATCHES; b++) {
    double t0 = now_us();
    fn(ctx, ops);
    v[b] = (now_us() - t0) / ops;
  }
  qsort(v, BATCHES, sizeof v[0], cmp_double);
  return v[BATCHES / 2];
}

static void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) < 0) die("sched_setaffinity");
}

/* ---- loopback connections --------------------------------------------- */

static int listen_fd;
static struct sockaddr_in listen_addr;

static void open_listener(void) {
  listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd < 0) die("socket");
  listen_addr = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof listen_addr;
  if (bind(listen_fd, (struct sockaddr *)&listen_addr, len) < 0) die("bind 127.0.0.1");
  if (listen(listen_fd, 4096) < 0) die("listen");
  if (getsockname(listen_fd, (struct sockaddr *)&listen_addr, &len) < 0) die("getsockname");
}

/* One connection: *client gets the connecting end; returns the accepted (server) end. */
static int connect_pair(int *client) {
  int c = socket(AF_INET, SOCK_STREAM, 0);
  if (c < 0) die("socket");
  if (connect(c, (struct sockaddr *)&listen_addr, sizeof listen_addr) < 0) die("connect");
  int s = accept(listen_fd, NULL, NULL);
  if (s < 0) die("accept");
  int one = 1;
  setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  *client = c;
  return s;
}

static int *idle_fds, *idle_peers, idle_count;

static void open_idle(int n) {
  idle_fds = calloc((size_t)n, sizeof *idle_fds);
  idle_peers = calloc((size_t)n, sizeof *idle_peers);
  if (!idle_fds || !idle_peers) die("calloc");
  for (idle_count = 0; idle_count < n; idle_count++) {
    idle_fds[idle_count] = connect_pair(&idle_peers[idle_count]);
  }
}

/* ---- select() and poll() over the first n idle descriptors ------------- */

struct scan {
  int n;
  int maxfd;
  size_t words;
  unsigned long *want, *rd;
  struct pollfd *pfd;
  struct timeval tv;
  int timeout_ms; /* poll: 0, or -2 for the 1-µs ppoll */
  int empty;      /* select with nfds covering the set but no bit set */
};

static void scan_prepare(struct scan *s, int n, int blocking, int empty) {
  s->n = n;
  s->maxfd = 0;
  for (int i = 0; i < n; i++)
    if (idle_fds[i] > s->maxfd) s->maxfd = idle_fds[i];
  s->words = (size_t)s->maxfd / WORD_BITS + 1;
  s->want = calloc(s->words, sizeof(unsigned long));
  s->rd = calloc(s->words, sizeof(unsigned long));
  s->pfd = calloc((size_t)n + 1, sizeof *s->pfd);
  if (!s->want || !s->rd || !s->pfd) die("calloc");
  for (int i = 0; i < n; i++) {
    if (!empty) s->want[(size_t)idle_fds[i] / WORD_BITS] |= 1UL << ((size_t)idle_fds[i] % WORD_BITS);
    s->pfd[i] = (struct pollfd){.fd = idle_fds[i], .events = POLLIN};
  }
  s->tv = (struct timeval){.tv_sec = 0, .tv_usec = blocking ? 1 : 0};
  s->timeout_ms = blocking ? -2 : 0;
  s->empty = empty;
}

static void scan_free(struct scan *s) {
  free(s->want);
  free(s->rd);
  free(s->pfd);
}

static void run_select(void *ctx, int ops) {
  struct scan *s = ctx;
  for (int i = 0; i < ops; i++) {
    memcpy(s->rd, s->want, s->words * sizeof(unsigned long));
    struct timeval tv = s->tv;
    if (select(s->maxfd + 1, (fd_set *)s->rd, NULL, NULL, &tv) < 0) die("select");
  }
}

static void run_poll(void *ctx, int ops) {
  struct scan *s = ctx;
  struct timespec one_us = {0, 1000};
  for (int i = 0; i < ops; i++) {
    int r = s->timeout_ms == -2 ? ppoll(s->pfd, (nfds_t)s->n, &one_us, NULL)
                                : poll(s->pfd, (nfds_t)s->n, 0);
    if (r < 0) die("poll");
  }
}

static double scan_us(void (*fn)(void *, int), int n, int blocking, int empty) {
  struct scan s;
  scan_prepare(&s, n, blocking, empty);
  int ops = n > 1000 ? 300 : 2000;
  double us = per_op_us(fn, &s, ops);
  scan_free(&s);
  return us;
}

/* ---- single calls ------------------------------------------------------ */

static void run_null_syscall(void *ctx, int ops) {
  (void)ctx;
  for (int i = 0; i < ops; i++) syscall(SYS_getppid);
}

struct epoll_ctx {
  int epfd;
  int n;
};

static void run_epoll_add(void *ctx, int ops) {
  struct epoll_ctx *e = ctx;
  (void)ops; /* one op = the whole set, timed per descriptor by the caller */
  for (int i = 0; i < e->n; i++) {
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = idle_fds[i]};
    if (epoll_ctl(e->epfd, EPOLL_CTL_ADD, idle_fds[i], &ev) < 0) die("epoll_ctl ADD");
  }
  for (int i = 0; i < e->n; i++) epoll_ctl(e->epfd, EPOLL_CTL_DEL, idle_fds[i], NULL);
}

static void run_epoll_del(void *ctx, int ops) {
  struct epoll_ctx *e = ctx;
  (void)ops;
  for (int i = 0; i < e->n; i++) epoll_ctl(e->epfd, EPOLL_CTL_DEL, idle_fds[i], NULL);
}

static void run_epoll_wait(void *ctx, int ops) {
  struct epoll_ctx *e = ctx;
  struct epoll_event out[4];
  for (int i = 0; i < ops; i++)
    if (epoll_wait(e->epfd, out, 4, 0) < 0) die("epoll_wait");
}

static void run_fcntl(void *ctx, int ops) {
  int fd = *(int *)ctx;
  for (int i = 0; i < ops; i++)
    if (fcntl(fd, F_SETSIG, SIGRTMIN) < 0) die("fcntl F_SETSIG");
}

static sigset_t rt_set;

static void run_sig_pair(void *ctx, int ops) {
  (void)ctx;
  union sigval v = {.sival_int = 0};
  pid_t self = getpid();
  siginfo_t info;
  for (int i = 0; i < ops; i++) {
    if (sigqueue(self, SIGRTMIN, v) < 0) die("sigqueue");
    if (sigwaitinfo(&rt_set, &info) < 0) die("sigwaitinfo");
  }
}

static void run_sig_fill(void *ctx, int ops) {
  (void)ctx;
  union sigval v = {.sival_int = 0};
  pid_t self = getpid();
  for (int i = 0; i < ops; i++)
    if (sigqueue(self, SIGRTMIN, v) < 0) die("sigqueue");
}

static void run_sig_drain(void *ctx, int ops) {
  (void)ctx;
  siginfo_t info;
  for (int i = 0; i < ops; i++)
    if (sigwaitinfo(&rt_set, &info) < 0) die("sigwaitinfo");
}

/* sigqueue and sigwaitinfo timed apart: fill a queue of `ops`, then drain it. */
static void sig_split(int ops, double *queue_us, double *wait_us) {
  double q[BATCHES], w[BATCHES];
  run_sig_fill(NULL, ops);
  run_sig_drain(NULL, ops);
  for (int b = 0; b < BATCHES; b++) {
    double t0 = now_us();
    run_sig_fill(NULL, ops);
    double t1 = now_us();
    run_sig_drain(NULL, ops);
    double t2 = now_us();
    q[b] = (t1 - t0) / ops;
    w[b] = (t2 - t1) / ops;
  }
  qsort(q, BATCHES, sizeof q[0], cmp_double);
  qsort(w, BATCHES, sizeof w[0], cmp_double);
  *queue_us = q[BATCHES / 2];
  *wait_us = w[BATCHES / 2];
}

struct pair_ctx {
  int a, b;
};

/* One byte through a loopback TCP connection, both ends on this CPU. */
static void run_loopback(void *ctx, int ops) {
  struct pair_ctx *p = ctx;
  char c = 'x';
  for (int i = 0; i < ops; i++) {
    if (write(p->a, &c, 1) != 1) die("write");
    if (read(p->b, &c, 1) != 1) die("read");
  }
}

/* Round trip of one byte: this process writes wa and reads ra; a child on
 * child_cpu reads rb and writes wb. */
static double ping_pong_us(int wa, int ra, int rb, int wb, int child_cpu, int ops) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    pin(child_cpu);
    char c;
    for (int i = 0; i < ops * (BATCHES + 1); i++) {
      if (read(rb, &c, 1) != 1) _exit(1);
      if (write(wb, &c, 1) != 1) _exit(1);
    }
    _exit(0);
  }
  double v[BATCHES];
  char c = 'x';
  for (int b = 0; b <= BATCHES; b++) { /* batch 0 warms up */
    double t0 = now_us();
    for (int i = 0; i < ops; i++) {
      if (write(wa, &c, 1) != 1) die("write");
      if (read(ra, &c, 1) != 1) die("read");
    }
    if (b > 0) v[b - 1] = (now_us() - t0) / ops;
  }
  waitpid(pid, NULL, 0);
  qsort(v, BATCHES, sizeof v[0], cmp_double);
  return v[BATCHES / 2];
}

/* A pipe written and read by this process: the syscalls of a ping-pong without its switches. */
static void run_pipe_self(void *ctx, int ops) {
  int *p = ctx;
  char c = 'x';
  for (int i = 0; i < ops; i++) {
    if (write(p[1], &c, 1) != 1) die("write");
    if (read(p[0], &c, 1) != 1) die("read");
  }
}

#ifdef HAVE_LIBURING
struct uring_ctx {
  struct io_uring ring;
  int fd; /* a readable socket: a poll on it completes at once */
  int batch;
};

/* `batch` one-shot poll-adds on a ready socket, submitted and reaped by one io_uring_enter. */
static void run_uring(void *ctx, int ops) {
  struct uring_ctx *u = ctx;
  for (int i = 0; i < ops; i++) {
    for (int k = 0; k < u->batch; k++) {
      struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
      if (sqe == NULL) die("io_uring_get_sqe");
      io_uring_prep_poll_add(sqe, u->fd, POLLIN);
    }
    if (io_uring_submit_and_wait(&u->ring, (unsigned)u->batch) < 0) die("io_uring_submit_and_wait");
    struct io_uring_cqe *cqe;
    unsigned head, seen = 0;
    io_uring_for_each_cqe(&u->ring, head, cqe) seen++;
    io_uring_cq_advance(&u->ring, seen);
  }
}
#endif

/* CPU `cpu`'s busy and wall seconds from /proc/stat (busy: everything but idle, iowait, steal). */
static void cpu_times(int cpu, double *busy_s, double *wall_s) {
  FILE *f = fopen("/proc/stat", "r");
  if (f == NULL) die("/proc/stat");
  char line[512], want[16];
  snprintf(want, sizeof want, "cpu%d ", cpu);
  unsigned long long v[8] = {0};
  while (fgets(line, sizeof line, f))
    if (strncmp(line, want, strlen(want)) == 0)
      sscanf(line + strlen(want), "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
             &v[4], &v[5], &v[6], &v[7]);
  fclose(f);
  double hz = (double)sysconf(_SC_CLK_TCK);
  unsigned long long all = 0;
  for (int i = 0; i < 8; i++) all += v[i];
  *busy_s = (double)(all - v[3] - v[4] - v[7]) / hz;
  *wall_s = now_us() / 1e6;
}

/* What waking this CPU from idle costs it: sleep 250 µs at a time for 4 s and
 * count the CPU's busy time per wake-up (the timer interrupt, the idle exit,
 * the switch back and the sleep call). The caller subtracts the switch and the
 * calls. /proc/stat counts in 10-ms ticks: ±1 tick over 4 s is ±0.7 µs a wake. */
static double idle_wake_busy_us(int cpu) {
  struct timespec nap = {0, 250000};
  double b0, w0, b1, w1;
  int wakes = 0;
  cpu_times(cpu, &b0, &w0);
  while (now_us() / 1e6 - w0 < 4.0) {
    clock_nanosleep(CLOCK_MONOTONIC, 0, &nap, NULL);
    wakes++;
  }
  cpu_times(cpu, &b1, &w1);
  return (b1 - b0) * 1e6 / wakes;
}

static void parse_idle(const char *arg, int *n1, int *n2) {
  if (sscanf(arg, "%d,%d", n1, n2) != 2 || *n1 < 1 || *n2 <= *n1) {
    fprintf(stderr, "dispatch-microbench: --idle wants N1,N2 with 0 < N1 < N2, got '%s'\n", arg);
    exit(2);
  }
}

int main(int argc, char **argv) {
  int cpu = 0, peer_cpu = 1, n1 = 500, n2 = 4000;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--cpu") == 0 && i + 1 < argc) cpu = atoi(argv[++i]);
    else if (strcmp(argv[i], "--peer-cpu") == 0 && i + 1 < argc) peer_cpu = atoi(argv[++i]);
    else if (strcmp(argv[i], "--idle") == 0 && i + 1 < argc) parse_idle(argv[++i], &n1, &n2);
    else {
      fprintf(stderr, "usage: dispatch-microbench [--cpu N] [--peer-cpu M] [--idle N1,N2]\n");
      return 2;
    }
  }
  pin(cpu);
  prctl(PR_SET_TIMERSLACK, 1UL); /* the 1-µs timeouts below sleep ~1 µs, not the default 50 */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0) die("getrlimit");
  rl.rlim_cur = rl.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &rl) < 0) die("setrlimit");
  if (rl.rlim_cur < (rlim_t)(2 * n2 + 64)) {
    fprintf(stderr, "dispatch-microbench: %d idle connections need %d descriptors; RLIMIT_NOFILE allows %llu\n",
            n2, 2 * n2 + 64, (unsigned long long)rl.rlim_cur);
    return 1;
  }
  sigemptyset(&rt_set);
  sigaddset(&rt_set, SIGRTMIN);
  sigprocmask(SIG_BLOCK, &rt_set, NULL);

  open_listener();
  open_idle(n2);

  printf("{\n  \"cpu\": %d,\n  \"peer_cpu\": %d,\n  \"idle\": [%d, %d],\n", cpu, peer_cpu, n1, n2);
  printf("  \"null_syscall_us\": %.4f,\n", per_op_us(run_null_syscall, NULL, 200000));

  /* select() and poll(): each at the two set sizes, scanning, blocking, and (select) an empty set. */
  printf("  \"select_scan_us\": [%.3f, %.3f],\n", scan_us(run_select, n1, 0, 0), scan_us(run_select, n2, 0, 0));
  printf("  \"select_block_us\": [%.3f, %.3f],\n", scan_us(run_select, n1, 1, 0), scan_us(run_select, n2, 1, 0));
  printf("  \"select_empty_us\": [%.3f, %.3f],\n", scan_us(run_select, n1, 0, 1), scan_us(run_select, n2, 0, 1));
  printf("  \"poll_scan_us\": [%.3f, %.3f],\n", scan_us(run_poll, n1, 0, 0), scan_us(run_poll, n2, 0, 0));
  printf("  \"poll_block_us\": [%.3f, %.3f],\n", scan_us(run_poll, n1, 1, 0), scan_us(run_poll, n2, 1, 0));

  /* epoll: add then delete n2 descriptors (timed per descriptor), waits empty and with one ready. */
  struct epoll_ctx e = {.epfd = epoll_create1(0), .n = n2};
  if (e.epfd < 0) die("epoll_create1");
  double add_and_del = per_op_us(run_epoll_add, &e, 1) / n2;
  for (int i = 0; i < n2; i++) {
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = idle_fds[i]};
    epoll_ctl(e.epfd, EPOLL_CTL_ADD, idle_fds[i], &ev);
  }
  double t0 = now_us();
  run_epoll_del(&e, 1);
  double del = (now_us() - t0) / n2;
  printf("  \"epoll_ctl_add_us\": %.4f,\n  \"epoll_ctl_del_us\": %.4f,\n", add_and_del - del, del);
  for (int i = 0; i < n2; i++) {
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = idle_fds[i]};
    epoll_ctl(e.epfd, EPOLL_CTL_ADD, idle_fds[i], &ev);
  }
  printf("  \"epoll_wait_empty_us\": %.4f,\n", per_op_us(run_epoll_wait, &e, 100000));
  char byte = 'x';
  if (write(idle_peers[0], &byte, 1) != 1) die("write"); /* idle_fds[0] now stays readable */
  usleep(1000);
  printf("  \"epoll_wait_one_ready_us\": %.4f,\n", per_op_us(run_epoll_wait, &e, 100000));
  if (read(idle_fds[0], &byte, 1) != 1) die("read");
  close(e.epfd);

  /* RT signals and fcntl. */
  double sigqueue_us, sigwait_us;
  sig_split(1000, &sigqueue_us, &sigwait_us);
  printf("  \"sigqueue_us\": %.4f,\n  \"sigwaitinfo_us\": %.4f,\n", sigqueue_us, sigwait_us);
  printf("  \"sigqueue_sigwaitinfo_pair_us\": %.4f,\n", per_op_us(run_sig_pair, NULL, 100000));
  printf("  \"fcntl_us\": %.4f,\n", per_op_us(run_fcntl, &idle_fds[1], 100000));

  /* io_uring: one poll-add per enter, and sixteen. */
#ifdef HAVE_LIBURING
  struct uring_ctx u = {.fd = idle_fds[0], .batch = 1};
  if (io_uring_queue_init(64, &u.ring, 0) < 0) {
    printf("  \"io_uring_enter_one_poll_us\": null,\n  \"io_uring_enter_16_polls_us\": null,\n");
  } else {
    if (write(idle_peers[0], &byte, 1) != 1) die("write");
    usleep(1000);
    printf("  \"io_uring_enter_one_poll_us\": %.4f,\n", per_op_us(run_uring, &u, 50000));
    u.batch = 16;
    printf("  \"io_uring_enter_16_polls_us\": %.4f,\n", per_op_us(run_uring, &u, 10000));
    io_uring_queue_exit(&u.ring);
    if (read(idle_fds[0], &byte, 1) != 1) die("read");
  }
#else
  printf("  \"io_uring_enter_one_poll_us\": null,\n  \"io_uring_enter_16_polls_us\": null,\n");
#endif

  /* Loopback: one byte through TCP on this CPU; round trips to a process on the peer CPU and on this one. */
  struct pair_ctx lp = {.a = idle_peers[2], .b = idle_fds[2]};
  printf("  \"loopback_byte_us\": %.4f,\n", per_op_us(run_loopback, &lp, 100000));
  printf("  \"loopback_round_trip_cross_cpu_us\": %.3f,\n",
         ping_pong_us(idle_peers[3], idle_peers[3], idle_fds[3], idle_fds[3], peer_cpu, 20000));
  int to_child[2], to_parent[2], self_pipe[2];
  if (pipe(to_child) < 0 || pipe(to_parent) < 0 || pipe(self_pipe) < 0) die("pipe");
  printf("  \"pipe_round_trip_same_cpu_us\": %.3f,\n",
         ping_pong_us(to_child[1], to_parent[0], to_child[0], to_parent[1], cpu, 50000));
  printf("  \"pipe_write_read_us\": %.4f,\n", per_op_us(run_pipe_self, self_pipe, 100000));
  printf("  \"idle_wake_busy_us\": %.3f\n}\n", idle_wake_busy_us(cpu));
  return 0;
}
