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
#endif
