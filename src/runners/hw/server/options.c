/*
 * options.c — command-line parsing. A bad command line is one line on stderr
 * naming the flag, and exit status 2 (the project's convention).
 */
#include "options.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mechanism.h"

/* The --mechanism table: every line of mechanisms.def. */
static const struct mechanism *const all_mechanisms[] = {
#define MECHANISM(id, symbol) &symbol,
#include "mechanisms.def"
#undef MECHANISM
};

/* "select|select-ma|…": the ids of mechanisms.def, for messages. */
#define MECHANISM(id, symbol) id "|"
static const char mechanism_ids[] =
#include "mechanisms.def"
    "";
#undef MECHANISM

static const char usage[] =
    "usage: dispatch-server --mechanism ID (ID: see mechanisms.def)\n"
    "         [--port P] [--address 127.0.0.1|169.254.X.Y] [--reply-bytes N] [--queue-limit N]\n"
    "         [--fallback-exit after-one-pass|until-caught-up]\n"
    "         [--counters FILE] [--max-seconds S] [--ready-fd N] [--backlog N]\n"
    "         [--select-setsize N] [--close-after-reply] [--check]\n";

static void usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("dispatch-server: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static long parse_long(const char *flag, const char *text, long min, long max) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
    usage_error("%s must be an integer in %ld..%ld, got '%s'", flag, min, max, text);
  return v;
}

static double parse_seconds(const char *flag, const char *text) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || !(v > 0) || v > 86400)
    usage_error("%s must be a number of seconds in (0, 86400], got '%s'", flag, text);
  return v;
}

/*
 * A benchmark server must never be reachable from the network: 127.0.0.1, or
 * a link-local address (169.254.0.0/16, RFC 3927: never forwarded by a
 * router). The hw runner's --link mode puts the server in a network namespace
 * of its own whose only interface besides lo is one end of a veth pair with
 * such an address; its peer, in the clients' namespace, is all that can reach
 * it. 169.254.169.254 (cloud metadata services) is refused too.
 */
static unsigned int parse_address(const char *text) {
  struct in_addr a;
  if (inet_pton(AF_INET, text, &a) == 1) {
    uint32_t h = ntohl(a.s_addr);
    int loopback = h == INADDR_LOOPBACK;
    int link_local = (h >> 16) == 0xA9FE && (h >> 8) != 0xA9FEA9;
    if (loopback || link_local) return a.s_addr;
  }
  usage_error("--address: only 127.0.0.1 is allowed, or a link-local 169.254.0.0/16 address "
              "(the hw runner's --link veth inside a private network namespace), got '%s'",
              text);
  return 0;
}

static const struct mechanism *find_mechanism(const char *name) {
  for (size_t i = 0; i < sizeof all_mechanisms / sizeof all_mechanisms[0]; i++)
    if (strcmp(all_mechanisms[i]->name, name) == 0) return all_mechanisms[i];
  usage_error("unknown mechanism '%s' (%.*s)", name, (int)(sizeof mechanism_ids - 2),
              mechanism_ids);
  return NULL;
}

void options_parse(struct options *o, int argc, char **argv) {
  *o = (struct options){
      .mechanism = NULL,
      .port = 0,
      .address = htonl(INADDR_LOOPBACK),
      .reply_bytes = 1,
      .queue_limit = 1024,
      .fallback_until_caught_up = 0,
      .counters_path = NULL,
      .max_seconds = 300,
      .ready_fd = -1,
      .backlog = 128, /* the listen backlog the simulator assumes (README) */
      .select_setsize = 0,
      .close_after_reply = 0,
      .check_only = 0,
  };
  enum { O_MECH = 256, O_PORT, O_ADDR, O_REPLY, O_QUEUE, O_COUNTERS, O_MAX, O_READY, O_BACKLOG,
         O_SETSIZE, O_CLOSE, O_CHECK, O_FALLBACK, O_HELP };
  static const struct option longopts[] = {
      {"mechanism", required_argument, NULL, O_MECH},
      {"port", required_argument, NULL, O_PORT},
      {"address", required_argument, NULL, O_ADDR},
      {"reply-bytes", required_argument, NULL, O_REPLY},
      {"queue-limit", required_argument, NULL, O_QUEUE},
      {"fallback-exit", required_argument, NULL, O_FALLBACK},
      {"counters", required_argument, NULL, O_COUNTERS},
      {"max-seconds", required_argument, NULL, O_MAX},
      {"ready-fd", required_argument, NULL, O_READY},
      {"backlog", required_argument, NULL, O_BACKLOG},
      {"select-setsize", required_argument, NULL, O_SETSIZE},
      {"close-after-reply", no_argument, NULL, O_CLOSE},
      {"check", no_argument, NULL, O_CHECK},
      {"help", no_argument, NULL, O_HELP},
      {NULL, 0, NULL, 0},
  };
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
    switch (c) {
    case O_MECH: o->mechanism = find_mechanism(optarg); break;
    case O_PORT: o->port = (int)parse_long("--port", optarg, 0, 65535); break;
    case O_ADDR: o->address = parse_address(optarg); break;
    case O_REPLY: o->reply_bytes = parse_long("--reply-bytes", optarg, 0, 16L << 20); break;
    case O_QUEUE: o->queue_limit = parse_long("--queue-limit", optarg, 1, 1L << 24); break;
    /* R1 (docs/model-rules.md), as the simulator's rtsig_fallback_exit. */
    case O_FALLBACK:
      if (strcmp(optarg, "after-one-pass") == 0) o->fallback_until_caught_up = 0;
      else if (strcmp(optarg, "until-caught-up") == 0) o->fallback_until_caught_up = 1;
      else usage_error("--fallback-exit must be after-one-pass or until-caught-up, got '%s'", optarg);
      break;
    case O_COUNTERS: o->counters_path = optarg; break;
    case O_MAX: o->max_seconds = parse_seconds("--max-seconds", optarg); break;
    case O_READY: o->ready_fd = (int)parse_long("--ready-fd", optarg, 0, 1 << 20); break;
    case O_BACKLOG: o->backlog = (int)parse_long("--backlog", optarg, 1, 1 << 20); break;
    case O_SETSIZE: o->select_setsize = parse_long("--select-setsize", optarg, 16, 1L << 20); break;
    /* httperf sends "Connection: keep-alive" even with --http-version 1.0;
     * a new-connection-per-request workload (paper Section 4) needs the
     * server to close first: docs/design.md, pitfall 1. */
    case O_CLOSE: o->close_after_reply = 1; break;
    /* The hw runner asks this of every mechanism it will use before its first run. */
    case O_CHECK: o->check_only = 1; break;
    case O_HELP: fputs(usage, stdout); exit(0);
    default:
      for (const struct option *lo = longopts; optopt != 0 && lo->name != NULL; lo++)
        if (lo->val == optopt) usage_error("option '--%s' needs a value", lo->name);
      usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind < argc) usage_error("unexpected argument '%s'", argv[optind]);
  if (o->mechanism == NULL) usage_error("--mechanism is required");
}
