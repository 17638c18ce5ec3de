#define _GNU_SOURCE
#include "kaamos_connect.h"
#include "sockaddr_conversion.h"
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int kaamos_connect(int type, int family, const uint8_t *addr, uint16_t port, uint32_t scope_id) {
    int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    if (type == SOCK_STREAM) {
        // TURN messages are small and latency matters more than packing them.
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    struct sockaddr_storage storage;
    socklen_t length = kaamos_fill_sockaddr(&storage, family, addr, port, scope_id);
    if (connect(fd, (struct sockaddr *)&storage, length) != 0 && errno != EINPROGRESS) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

int kaamos_connect_result(int fd) {
    int error = 0;
    socklen_t length = sizeof(error);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return -errno;
    return -error;
}

int kaamos_local_address(int fd, int *family, uint8_t *addr, uint16_t *port, uint32_t *scope_id) {
    struct sockaddr_storage storage;
    socklen_t length = sizeof(storage);
    if (getsockname(fd, (struct sockaddr *)&storage, &length) != 0) return -errno;
    kaamos_read_sockaddr(&storage, family, addr, port, scope_id);
    return 0;
}
