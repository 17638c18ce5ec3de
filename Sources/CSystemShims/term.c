#define _GNU_SOURCE
#include "kaamos_term.h"
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
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

int kaamos_set_winsize(int fd, const kaamos_winsize *size) {
    struct winsize value;
    memset(&value, 0, sizeof(value));
    value.ws_row = size->rows;
    value.ws_col = size->columns;
    value.ws_xpixel = size->xpixel;
    value.ws_ypixel = size->ypixel;
    return ioctl(fd, TIOCSWINSZ, &value) != 0 ? -errno : 0;
}

int kaamos_open_pseudo_terminal(int *primary, int *secondary) {
    int main_fd = posix_openpt(O_RDWR | O_NOCTTY);
    if (main_fd < 0) return -errno;
    char name[128];
    if (grantpt(main_fd) != 0 || unlockpt(main_fd) != 0 || ptsname_r(main_fd, name, sizeof(name)) != 0) {
        int error = errno;
        close(main_fd);
        return -error;
    }
    int other_fd = open(name, O_RDWR | O_NOCTTY);
    if (other_fd < 0) {
        int error = errno;
        close(main_fd);
        return -error;
    }
    *primary = main_fd;
    *secondary = other_fd;
    return 0;
}
