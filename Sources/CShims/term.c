#include "kaamos_term.h"
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

int kaamos_get_winsize(int fd, kaamos_winsize *out) {
    struct winsize size;
    memset(&size, 0, sizeof(size));
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -errno;
    out->rows = size.ws_row;
    out->columns = size.ws_col;
    out->xpixel = size.ws_xpixel;
    out->ypixel = size.ws_ypixel;
    return 0;
}
