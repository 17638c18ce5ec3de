#define _GNU_SOURCE
#include "kaamos_net.h"
#include "sockaddr_conversion.h"
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

int kaamos_list_interface_addresses(kaamos_interface_address *out, int capacity) {
    struct ifaddrs *list = NULL;
    if (getifaddrs(&list) != 0) return -1;
    int count = 0;
    for (struct ifaddrs *it = list; it && count < capacity; it = it->ifa_next) {
        if (!it->ifa_addr || !(it->ifa_flags & IFF_UP)) continue;
        kaamos_interface_address *entry = &out[count];
        memset(entry, 0, sizeof(*entry));
        if (it->ifa_addr->sa_family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *)it->ifa_addr;
            entry->family = AF_INET;
            memcpy(entry->addr, &sin->sin_addr, 4);
            entry->is_link_local = entry->addr[0] == 169 && entry->addr[1] == 254;
        } else if (it->ifa_addr->sa_family == AF_INET6) {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)it->ifa_addr;
            entry->family = AF_INET6;
            memcpy(entry->addr, &sin6->sin6_addr, 16);
            entry->scope_id = sin6->sin6_scope_id;
            entry->is_link_local = IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr);
        } else {
            continue;
        }
        entry->is_loopback = (it->ifa_flags & IFF_LOOPBACK) != 0;
        strncpy(entry->name, it->ifa_name, sizeof(entry->name) - 1);
        count++;
    }
    freeifaddrs(list);
    return count;
}

int kaamos_udp_bind(int family, const uint8_t *addr, uint16_t port, uint32_t scope_id) {
    int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    if (family == AF_INET6) {
        int on = 1;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
    }
    int buffer = 1 << 20;  // room for a video keyframe burst
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof(buffer));
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof(buffer));
    struct sockaddr_storage storage;
    socklen_t length = kaamos_fill_sockaddr(&storage, family, addr, port, scope_id);
    if (bind(fd, (struct sockaddr *)&storage, length) != 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

int kaamos_udp_local_port(int fd) {
    struct sockaddr_storage storage;
    socklen_t length = sizeof(storage);
    if (getsockname(fd, (struct sockaddr *)&storage, &length) != 0) return -errno;
    if (storage.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&storage)->sin_port);
    return ntohs(((struct sockaddr_in6 *)&storage)->sin6_port);
}

long kaamos_udp_send(int fd, int family, const uint8_t *addr, uint16_t port, uint32_t scope_id,
                     const uint8_t *data, size_t length) {
    struct sockaddr_storage storage;
    socklen_t address_length = kaamos_fill_sockaddr(&storage, family, addr, port, scope_id);
    ssize_t sent = sendto(fd, data, length, 0, (struct sockaddr *)&storage, address_length);
    return sent < 0 ? -errno : sent;
}

long kaamos_udp_receive(int fd, uint8_t *buffer, size_t capacity,
                        int *family, uint8_t *addr, uint16_t *port, uint32_t *scope_id) {
    struct sockaddr_storage storage;
    socklen_t length = sizeof(storage);
    ssize_t received = recvfrom(fd, buffer, capacity, 0, (struct sockaddr *)&storage, &length);
    if (received < 0) return -errno;
    kaamos_read_sockaddr(&storage, family, addr, port, scope_id);
    return received;
}

int kaamos_eventfd_create(void) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}
