#ifndef KAAMOS_TERM_H
#define KAAMOS_TERM_H
// Terminal helpers: ioctl is variadic, so Swift reaches TIOCGWINSZ through this wrapper.
#include <stdint.h>

/// The window size of a terminal in character cells and (when the terminal reports them) pixels.
typedef struct {
    uint16_t rows;
    uint16_t columns;
    uint16_t xpixel;
    uint16_t ypixel;
} kaamos_winsize;

/// Fills out with the window size of fd; returns 0, or -errno (-ENOTTY when fd is not a terminal).
int kaamos_get_winsize(int fd, kaamos_winsize *out);
/// Sets the window size of fd (TIOCSWINSZ, e.g. on a pseudo-terminal); returns 0 or -errno.
int kaamos_set_winsize(int fd, const kaamos_winsize *size);
/// Opens a pseudo-terminal pair (for tests driving terminal code); returns 0 with both fds set,
/// or -errno. The caller closes both.
int kaamos_open_pseudo_terminal(int *primary, int *secondary);
#endif
