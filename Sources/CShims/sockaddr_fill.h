#ifndef KAAMOS_SOCKADDR_FILL_H
#define KAAMOS_SOCKADDR_FILL_H
// Private to the shims' .c files: a sockaddr from family, raw address bytes, port and scope.
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

static inline socklen_t kaamos_fill_sockaddr(struct sockaddr_storage *storage, int family, const uint8_t *addr,
                                             uint16_t port, uint32_t scope_id) {
    memset(storage, 0, sizeof(*storage));
    if (family == AF_INET) {
        struct sockaddr_in *sin = (struct sockaddr_in *)storage;
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        memcpy(&sin->sin_addr, addr, 4);
        return sizeof(*sin);
    }
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)storage;
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    sin6->sin6_scope_id = scope_id;
    memcpy(&sin6->sin6_addr, addr, 16);
    return sizeof(*sin6);
}
#endif
