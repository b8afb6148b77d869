/*
 * mech_select.c — select(): the kernel polls every descriptor in the
 * interest set on each call, and the server scans the returned bitmaps.
 * `select-ma` is the same calls with multi-accept (the core accepts until
 * EAGAIN when the listen socket is ready; paper Section 4.1).
 *
 * The bitmaps are allocated for --select-setsize bits (default: as many as
 * RLIMIT_NOFILE allows) rather than glibc's fixed 1024-bit fd_set, as
 * libevent's select backend does: the kernel's select() accepts any nfds up
 * to the open-file limit, and the paper's runs watch 6000 connections. The
 * core refuses connections whose fd would not fit (fd_setsize_rejects).
 */
#define _GNU_SOURCE
#include "mech_select.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core.h"

#define WORD_BITS (sizeof(unsigned long) * CHAR_BIT)

struct select_set {
  int setsize;
  int maxfd; /* highest watched fd, -1 when empty */
  size_t words;
  unsigned long *want_rd, *want_wr; /* the interest set */
  unsigned long *rd, *wr;           /* the copies select() overwrites */
};

struct select_set *select_set_create(int setsize) {
  struct select_set *set = calloc(1, sizeof *set);
  if (set == NULL) return NULL;
  set->setsize = setsize;
  set->maxfd = -1;
  set->words = ((size_t)setsize + WORD_BITS - 1) / WORD_BITS;
  set->want_rd = calloc(set->words, sizeof(unsigned long));
  set->want_wr = calloc(set->words, sizeof(unsigned long));
  set->rd = calloc(set->words, sizeof(unsigned long));
  set->wr = calloc(set->words, sizeof(unsigned long));
  if (!set->want_rd || !set->want_wr || !set->rd || !set->wr) return NULL;
  return set;
}

static int bit_get(const unsigned long *w, int fd) {
  return (w[fd / WORD_BITS] >> (fd % WORD_BITS)) & 1UL;
}

static void bit_put(unsigned long *w, int fd, int on) {
  unsigned long bit = 1UL << (fd % WORD_BITS);
  if (on)
    w[fd / WORD_BITS] |= bit;
  else
    w[fd / WORD_BITS] &= ~bit;
}

void select_set_watch(struct select_set *set, int fd, int mask) {
  if (fd < 0 || fd >= set->setsize) return; /* the core never passes one */
  bit_put(set->want_rd, fd, mask & EV_READABLE);
  bit_put(set->want_wr, fd, mask & EV_WRITABLE);
  if (mask != 0 && fd > set->maxfd) set->maxfd = fd;
  while (set->maxfd >= 0 && !bit_get(set->want_rd, set->maxfd) &&
         !bit_get(set->want_wr, set->maxfd))
    set->maxfd--;
}

int select_set_wait(struct server *s, struct select_set *set, struct fired *out, int max,
                    const struct timespec *timeout) {
  int nfds = set->maxfd + 1;
  size_t used = ((size_t)nfds + WORD_BITS - 1) / WORD_BITS;
  memcpy(set->rd, set->want_rd, used * sizeof(unsigned long));
  memcpy(set->wr, set->want_wr, used * sizeof(unsigned long));
  struct timespec ts; /* a copy: the kernel may update it */
  struct timespec *tp = NULL;
  if (timeout != NULL) {
    ts = *timeout;
    tp = &ts;
  }
  /* pselect6 directly: the signal mask lets SIGTERM in only while waiting,
   * and the raw call takes bitmaps larger than fd_set without glibc's
   * FD_SETSIZE checks. Its sixth argument is {sigset pointer, size}. */
  struct {
    const sigset_t *mask;
    size_t size;
  } sig = {&s->wait_sigmask, _NSIG / 8};
  s->counters.dispatch_calls++;
  long ready = syscall(SYS_pselect6, nfds, set->rd, set->wr, NULL, tp, &sig);
  if (ready < 0) return -1;
  int n = 0;
  /* Scan the returned bitmaps word by word, stopping once every ready bit
   * the kernel counted has been seen. */
  for (size_t w = 0; w < used && ready > 0 && n < max; w++) {
    ready -= __builtin_popcountl(set->rd[w]) + __builtin_popcountl(set->wr[w]);
    unsigned long any = set->rd[w] | set->wr[w];
    while (any != 0 && n < max) {
      int bit = __builtin_ctzl(any);
      any &= any - 1;
      int fd = (int)(w * WORD_BITS) + bit;
      int mask = (bit_get(set->rd, fd) ? EV_READABLE : 0) | (bit_get(set->wr, fd) ? EV_WRITABLE : 0);
      out[n++] = (struct fired){fd, mask};
    }
  }
  return n;
}

/* ---- the select and select-ma mechanisms ------------------------------ */

static struct select_set *interest;

static int select_init(struct server *s) {
  interest = select_set_create(s->select_setsize);
  if (interest == NULL) fputs("dispatch-server: select: out of memory\n", stderr);
  return interest == NULL ? 1 : 0;
}

static int select_add(struct server *s, int fd, int mask) {
  (void)s;
  select_set_watch(interest, fd, mask);
  return 0;
}

static void select_remove(struct server *s, int fd) {
  (void)s;
  select_set_watch(interest, fd, 0);
}

static int select_wait(struct server *s, struct fired *out, int max,
                       const struct timespec *timeout) {
  return select_set_wait(s, interest, out, max, timeout);
}

const struct mechanism mech_select = {
    .name = "select",
    .flags = MECH_SELECT_BITMAP,
    .init = select_init,
    .add = select_add,
    .modify = select_add,
    .remove = select_remove,
    .wait = select_wait,
};

const struct mechanism mech_select_ma = {
    .name = "select-ma",
    .flags = MECH_SELECT_BITMAP | MECH_MULTI_ACCEPT,
    .init = select_init,
    .add = select_add,
    .modify = select_add,
    .remove = select_remove,
    .wait = select_wait,
};
