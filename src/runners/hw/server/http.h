/*
 * http.h — the minimal HTTP/1.0 + keep-alive the micro servers speak: a
 * request is everything up to "\r\n\r\n" (no bodies); every reply is the
 * same fixed-size document.
 */
#ifndef DISPATCH_HTTP_H
#define DISPATCH_HTTP_H

#include <stddef.h>

/* Length of the first complete request in buf (through "\r\n\r\n"), or 0. */
size_t http_request_length(const char *buf, size_t len);

/* Whether the connection stays open after replying to this request:
 * "Connection: keep-alive", or HTTP/1.1; never with "Connection: close". */
int http_keeps_alive(const char *req, size_t len);

/* A complete reply: status line, headers, and body_bytes bytes of body. */
struct http_reply {
  char *bytes;
  size_t len;
};

/* Builds the reply once at start-up; keep_alive picks the Connection header.
 * 0, or -1 when out of memory. */
int http_reply_build(struct http_reply *r, long body_bytes, int keep_alive);

#endif
