#ifndef KAAMOS_TLS_CLIENT_H
#define KAAMOS_TLS_CLIENT_H
// OpenSSL macros a TLS client needs, as functions Swift can call.
#include <openssl/ssl.h>

/// Sets the SNI name sent in the ClientHello (SSL_set_tlsext_host_name is a macro); 1 on success.
int kaamos_tls_set_server_name(SSL *ssl, const char *name);
/// Refuses anything older than TLS 1.2 (SSL_CTX_set_min_proto_version is a macro); 1 on success.
int kaamos_tls_require_tls12(SSL_CTX *ctx);
/// SSL_MODE_ENABLE_PARTIAL_WRITE and SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER (SSL_set_mode is a
/// macro): SSL_write returns once a record went, and a write that would block may be retried with
/// the same bytes at another address.
void kaamos_tls_allow_partial_writes(SSL *ssl);
#endif
