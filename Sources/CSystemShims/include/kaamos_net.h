#ifndef KAAMOS_NET_H
#define KAAMOS_NET_H
// Socket helpers: thin wrappers so Swift never touches sockaddr casts or varargs.
#include <stdint.h>
#include <stddef.h>

/// One usable local interface address. family is AF_INET or AF_INET6; addr holds 4 or 16 bytes.
typedef struct {
    int family;
    uint8_t addr[16];
    uint32_t scope_id;
    int is_loopback;
    int is_link_local;
    char name[32];
} kaamos_interface_address;

/// Fills up to capacity entries; returns the count, or -1 with errno set.
int kaamos_list_interface_addresses(kaamos_interface_address *out, int capacity);

/// Binds a non-blocking UDP socket to addr:port (port 0 = any); returns fd or -errno.
int kaamos_udp_bind(int family, const uint8_t *addr, uint16_t port, uint32_t scope_id);
/// The bound port of fd, or -errno.
int kaamos_udp_local_port(int fd);
/// Sends one datagram; returns bytes sent or -errno.
long kaamos_udp_send(int fd, int family, const uint8_t *addr, uint16_t port, uint32_t scope_id,
                     const uint8_t *data, size_t length);
/// Receives one datagram; returns its length or -errno (-EAGAIN when none is waiting).
long kaamos_udp_receive(int fd, uint8_t *buffer, size_t capacity,
                        int *family, uint8_t *addr, uint16_t *port, uint32_t *scope_id);
/// A non-blocking, close-on-exec eventfd for waking a poll loop; fd or -errno.
int kaamos_eventfd_create(void);
#endif
