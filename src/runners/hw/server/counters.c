/*
 * counters.c — the counters as JSON, written atomically (temp file + rename),
 * as results are everywhere else in the project.
 */
#include "counters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_fields(FILE *f, const struct counters *c) {
  const char *sep = "";
#define FIELD(name)                                                                 \
  fprintf(f, "%s\"" #name "\":%llu", sep, (unsigned long long)c->name);            \
  sep = ",";
  COUNTER_FIELDS(FIELD)
#undef FIELD
}

static void write_json(FILE *f, const struct counters *c, const struct counters_context *x) {
  fprintf(f, "{\"mechanism\":\"%s\",\"port\":%d,\"reply_bytes\":%ld,", x->mechanism, x->port,
          x->reply_bytes);
  fprintf(f, "\"wall_s\":%.3f,\"stopped_by\":\"%s\",\"windows\":%u,\"open_connections\":%llu,",
          x->wall_s, x->stopped_by, x->windows, (unsigned long long)x->open_connections);
  write_fields(f, c);
  if (x->window != NULL) {
    fprintf(f, ",\"window\":{\"window_s\":%.6f,", x->window_s);
    write_fields(f, x->window);
    fputc('}', f);
  }
  fputs("}\n", f);
}

struct counters counters_between(const struct counters *start, const struct counters *end) {
  struct counters d;
#define DIFF(name) d.name = end->name - start->name;
  COUNTER_FIELDS(DIFF)
#undef DIFF
  return d;
}

int counters_write(const char *path, const struct counters *c, const struct counters_context *ctx) {
  if (path == NULL) {
    write_json(stdout, c, ctx);
    return fflush(stdout) == 0 ? 0 : -1;
  }
  size_t len = strlen(path) + 32;
  char *tmp = malloc(len);
  if (tmp == NULL) return -1;
  snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  int ok = f != NULL;
  if (ok) {
    write_json(f, c, ctx);
    ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = (fclose(f) == 0) && ok;
  }
  ok = ok && rename(tmp, path) == 0;
  if (!ok) unlink(tmp);
  free(tmp);
  return ok ? 0 : -1;
}
