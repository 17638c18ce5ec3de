#ifndef KAAMOS_SOCKADDR_CONVERSION_H
#define KAAMOS_SOCKADDR_CONVERSION_H
// Private to the shims' .c files: a sockaddr from family, raw address bytes, port and scope, and back.
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

static inline void kaamos_read_sockaddr(const struct sockaddr_storage *storage, int *family, uint8_t *addr,
                                        uint16_t *port, uint32_t *scope_id) {
    *family = storage->ss_family;
    *scope_id = 0;
    if (storage->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)storage;
        memcpy(addr, &sin->sin_addr, 4);
        *port = ntohs(sin->sin_port);
    } else {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)storage;
        memcpy(addr, &sin6->sin6_addr, 16);
        *port = ntohs(sin6->sin6_port);
        *scope_id = sin6->sin6_scope_id;
    }
}
#endif
