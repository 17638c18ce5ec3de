#ifndef KAAMOS_CONNECT_H
#define KAAMOS_CONNECT_H
// Sockets connected to one server (a TURN server): TCP streams and connected UDP, so Swift never
// touches sockaddr casts.
#include <stdint.h>
#include <stddef.h>

/// A non-blocking, close-on-exec socket of type SOCK_STREAM or SOCK_DGRAM connected to addr:port.
/// For TCP the connection may still be in progress (wait for POLLOUT, then kaamos_connect_result).
/// Returns the fd, or -errno.
int kaamos_connect(int type, int family, const uint8_t *addr, uint16_t port, uint32_t scope_id);
/// 0 when the connection in progress on fd succeeded, else -errno (SO_ERROR).
int kaamos_connect_result(int fd);
/// The local address fd is bound to; 0 or -errno.
int kaamos_local_address(int fd, int *family, uint8_t *addr, uint16_t *port, uint32_t *scope_id);
#endif
