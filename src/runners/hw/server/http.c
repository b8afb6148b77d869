/*
 * http.c — request framing and the fixed reply. Deliberately minimal: the
 * clients are httperf, idleconn and the tests, and the quantity under study
 * is the dispatch mechanism, not HTTP parsing.
 */
#define _GNU_SOURCE /* memmem */
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t http_request_length(const char *buf, size_t len) {
  const char *end = memmem(buf, len, "\r\n\r\n", 4);
  return end == NULL ? 0 : (size_t)(end - buf) + 4;
}

/* Whether the header value [v, v+n) contains token, case-insensitively. */
static int has_token(const char *v, size_t n, const char *token) {
  size_t t = strlen(token);
  for (size_t i = 0; i + t <= n; i++)
    if (strncasecmp(v + i, token, t) == 0) return 1;
  return 0;
}

int http_keeps_alive(const char *req, size_t len) {
  const char *eol = memmem(req, len, "\r\n", 2);
  if (eol == NULL) return 0;
  size_t line = (size_t)(eol - req);
  int keep = line >= 8 && memcmp(eol - 8, "HTTP/1.1", 8) == 0; /* HTTP/1.1 defaults to open */
  int close = 0;
  const char *p = eol + 2, *end = req + len;
  while (p < end) {
    const char *next = memmem(p, (size_t)(end - p), "\r\n", 2);
    if (next == NULL || next == p) break; /* the empty line ends the headers */
    size_t n = (size_t)(next - p);
    if (n >= 11 && strncasecmp(p, "connection:", 11) == 0) {
      if (has_token(p + 11, n - 11, "close")) close = 1;
      if (has_token(p + 11, n - 11, "keep-alive")) keep = 1;
    }
    p = next + 2;
  }
  /* "close" wins wherever it appears: httperf always sends "Connection:
   * keep-alive", and --add-header "Connection: close" must still close. */
  return keep && !close;
}

int http_reply_build(struct http_reply *r, long body_bytes, int keep_alive) {
  char head[160];
  int h = snprintf(head, sizeof head,
                   "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %ld\r\n"
                   "Connection: %s\r\n\r\n",
                   body_bytes, keep_alive ? "keep-alive" : "close");
  r->len = (size_t)h + (size_t)body_bytes;
  r->bytes = malloc(r->len);
  if (r->bytes == NULL) return -1;
  memcpy(r->bytes, head, (size_t)h);
  memset(r->bytes + h, 'x', (size_t)body_bytes);
  return 0;
}
