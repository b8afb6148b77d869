/*
 * mech_select.h — select() over bitmaps that grow past FD_SETSIZE, shared by
 * the select mechanisms and by rtsig's overflow fallback (the paper's
 * servers fall back on multi-accept select(), Section 4.2).
 */
#ifndef DISPATCH_MECH_SELECT_H
#define DISPATCH_MECH_SELECT_H

#include "mechanism.h"

struct select_set;

/* A set for descriptors 0..setsize-1; NULL when out of memory. */
struct select_set *select_set_create(int setsize);
void select_set_watch(struct select_set *set, int fd, int mask); /* mask 0: forget fd */
/* One select() call over the set (counted as a dispatch call). */
int select_set_wait(struct server *s, struct select_set *set, struct fired *out, int max,
                    const struct timespec *timeout);

#endif
