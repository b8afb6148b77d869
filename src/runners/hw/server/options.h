/*
 * options.h — the server's command line (see README.md in this folder).
 */
#ifndef DISPATCH_OPTIONS_H
#define DISPATCH_OPTIONS_H

struct mechanism;

struct options {
  const struct mechanism *mechanism;
  int port;            /* 0: let the kernel pick a free port (printed) */
  unsigned int address; /* IPv4 address to listen on, network byte order (default 127.0.0.1) */
  long reply_bytes;    /* body size of every reply */
  long queue_limit;    /* rtsig: RLIMIT_SIGPENDING, Linux 2.4's rtsig-max default 1024 */
  int fallback_until_caught_up; /* rtsig: R1 (docs/model-rules.md): 0 after-one-pass (default), 1 until-caught-up */
  const char *counters_path; /* NULL: counters go to stdout at exit */
  double max_seconds;  /* the server stops by itself after this long */
  int ready_fd;        /* -1: print the "listening" line on stdout */
  int backlog;         /* listen() backlog */
  long select_setsize; /* bits in select()'s bitmaps; 0: as many as RLIMIT_NOFILE */
  int close_after_reply; /* close after every reply, whatever the request asks */
  int check_only;      /* --check: set the mechanism up, say whether it can run here, exit */
};

/* Parses argv; on a bad command line prints one line and exits 2. */
void options_parse(struct options *o, int argc, char **argv);

#endif
