#ifndef KAAMOS_THREAD_H
#define KAAMOS_THREAD_H
// Thread naming: pthread_setname_np needs _GNU_SOURCE, which Swift does not set.
#include <sys/prctl.h>

/// Names the calling thread for top and gdb (at most 15 characters are kept).
static inline void kaamos_set_thread_name(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}
#endif
