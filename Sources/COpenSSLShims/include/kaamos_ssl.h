#ifndef KAAMOS_SSL_H
#define KAAMOS_SSL_H
// OpenSSL helpers for DTLS-SRTP: macros and varargs wrapped as functions, a datagram BIO that keeps
// record boundaries, and a DTLS timer that the caller's clock drives instead of gettimeofday().
#include <openssl/ssl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stddef.h>

// --- Macros and varargs functions Swift cannot call directly ---
int kaamos_SSL_CTX_set_dtls12_only(SSL_CTX *ctx);
/// SSL_OP_NO_QUERY_MTU (the MTU is set, not probed), no tickets, no renegotiation.
void kaamos_SSL_CTX_set_dtls_srtp_options(SSL_CTX *ctx);
int kaamos_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *groups);
/// Accepts any peer certificate chain (self-signed is the norm in WebRTC) while still requiring one;
/// the caller compares the certificate's fingerprint with the one signalled in SDP.
void kaamos_SSL_CTX_require_any_peer_certificate(SSL_CTX *ctx);
/// Sets both the path MTU and the link MTU so each record (one datagram) stays within `mtu` bytes.
int kaamos_SSL_set_datagram_mtu(SSL *ssl, long mtu);
/// A new ECDSA P-256 key pair, or NULL.
EVP_PKEY *kaamos_generate_p256_key(void);

// --- Datagram BIO ---
/// A BIO for one DTLS connection used as both read and write BIO. Each BIO_write from OpenSSL becomes
/// one outgoing datagram (a memory BIO would concatenate them); each pushed datagram is returned
/// whole by one BIO_read. It reports zero MTU overhead, so the SSL's MTU is the datagram size.
BIO *kaamos_datagram_bio_new(void);
/// Queues one received datagram for OpenSSL to read; returns 1, or 0 when out of memory.
int kaamos_datagram_bio_push_incoming(BIO *bio, const uint8_t *bytes, size_t length);
/// Length of the oldest outgoing datagram, or -1 when none is queued.
long kaamos_datagram_bio_outgoing_length(BIO *bio);
/// Copies the oldest outgoing datagram into `buffer` (capacity at least its length) and dequeues it;
/// returns the length, or -1 when none is queued or the buffer is too small.
long kaamos_datagram_bio_pop_outgoing(BIO *bio, uint8_t *buffer, size_t capacity);
/// How many times OpenSSL (re)started or stopped its retransmission timer on this BIO.
uint64_t kaamos_datagram_bio_timer_changes(BIO *bio);

// --- Retransmission timer driven by the caller's clock ---
/// Whether the linked OpenSSL lets the caller expire its DTLS timer (1.1 to 3.1 share the deadline
/// with the BIO). When it does not, OpenSSL's own wall-clock timer is used instead (see below).
int kaamos_SSL_manual_timer_supported(void);
/// With manual timing: installs a DTLS timer callback that always answers one hour, so OpenSSL never
/// decides on its own (from the wall clock) that a flight is due. Without it: a callback that starts
/// at `initial_us` and doubles up to `maximum_us`, so OpenSSL's own timer matches ours in real time.
void kaamos_SSL_install_timer(SSL *ssl, unsigned int initial_us, unsigned int maximum_us);
/// Whether OpenSSL currently waits for the peer's next flight (its retransmission timer runs).
int kaamos_SSL_timer_running(SSL *ssl);
/// Resends the last flight now. With manual timing it first marks OpenSSL's running timer expired;
/// otherwise OpenSSL resends only if its wall-clock timer has expired. Returns 1 if a flight was
/// resent, 0 if not, -1 on a fatal error.
int kaamos_SSL_retransmit_now(SSL *ssl);
#endif
