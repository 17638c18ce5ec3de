#include "kaamos_ssl.h"
#include <openssl/ec.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

int kaamos_SSL_CTX_set_dtls12_only(SSL_CTX *ctx) {
    return SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) == 1 &&
           SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) == 1;
}

void kaamos_SSL_CTX_set_dtls_srtp_options(SSL_CTX *ctx) {
    SSL_CTX_set_options(ctx, SSL_OP_NO_QUERY_MTU | SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION |
                                 SSL_OP_CIPHER_SERVER_PREFERENCE);
}

int kaamos_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *groups) {
    return (int)SSL_CTX_set1_groups_list(ctx, groups);
}

static int accept_any_certificate(int preverify_ok, X509_STORE_CTX *store) {
    (void)preverify_ok;
    (void)store;
    // Self-signed certificates never chain to a trusted root; identity comes from the SDP fingerprint.
    return 1;
}

void kaamos_SSL_CTX_require_any_peer_certificate(SSL_CTX *ctx) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, accept_any_certificate);
}

int kaamos_SSL_set_datagram_mtu(SSL *ssl, long mtu) {
    // SSL_set_mtu answers the MTU it stored, DTLS_set_link_mtu answers 1.
    return SSL_set_mtu(ssl, mtu) == mtu && DTLS_set_link_mtu(ssl, mtu) == 1;
}

EVP_PKEY *kaamos_generate_p256_key(void) {
    return EVP_EC_gen("P-256");
}

// --- Datagram BIO ---

typedef struct kaamos_datagram {
    struct kaamos_datagram *next;
    size_t length;
    uint8_t bytes[];
} kaamos_datagram;

typedef struct {
    kaamos_datagram *incoming_head, *incoming_tail;
    kaamos_datagram *outgoing_head, *outgoing_tail;
    // OpenSSL 1.1 to 3.1 hand the BIO a pointer to the SSL's own retransmission deadline.
    struct timeval *openssl_deadline;
    uint64_t timer_changes;
    // Used by the wall-clock fallback timer only.
    unsigned int initial_us, maximum_us;
} kaamos_datagram_state;

static int openssl_shares_its_deadline(void) {
    // From 3.2 the deadline passed to the BIO is a copy on the stack; writing to it would be wrong.
    return OpenSSL_version_num() < 0x30200000L;
}

static void free_list(kaamos_datagram *node) {
    while (node) {
        kaamos_datagram *next = node->next;
        free(node);
        node = next;
    }
}

static int append(kaamos_datagram **head, kaamos_datagram **tail, const void *bytes, size_t length) {
    kaamos_datagram *node = malloc(sizeof(kaamos_datagram) + length);
    if (!node) return 0;
    node->next = NULL;
    node->length = length;
    memcpy(node->bytes, bytes, length);
    if (*tail) (*tail)->next = node; else *head = node;
    *tail = node;
    return 1;
}

static int datagram_write(BIO *bio, const char *data, int length) {
    kaamos_datagram_state *state = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    if (!state || length < 0) return -1;
    if (!append(&state->outgoing_head, &state->outgoing_tail, data, (size_t)length)) return -1;
    return length;
}

static int datagram_read(BIO *bio, char *buffer, int capacity) {
    kaamos_datagram_state *state = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    if (!state || capacity < 0) return -1;
    kaamos_datagram *node = state->incoming_head;
    if (!node) {
        BIO_set_retry_read(bio);
        return -1;
    }
    state->incoming_head = node->next;
    if (!state->incoming_head) state->incoming_tail = NULL;
    // Like a UDP socket, a datagram larger than the buffer is truncated.
    size_t copied = node->length < (size_t)capacity ? node->length : (size_t)capacity;
    memcpy(buffer, node->bytes, copied);
    free(node);
    return (int)copied;
}

static long datagram_ctrl(BIO *bio, int command, long number, void *pointer) {
    (void)number;
    kaamos_datagram_state *state = BIO_get_data(bio);
    switch (command) {
    case BIO_CTRL_FLUSH:
        return 1;
    case BIO_CTRL_PENDING:
        return state && state->incoming_head ? (long)state->incoming_head->length : 0;
    case BIO_CTRL_WPENDING:
        return 0;
    case BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT:
        if (state) {
            state->timer_changes++;
            if (openssl_shares_its_deadline()) state->openssl_deadline = pointer;
        }
        return 1;
    case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD:
        return 0;
    default:
        return 0;
    }
}

static int datagram_create(BIO *bio) {
    kaamos_datagram_state *state = calloc(1, sizeof(kaamos_datagram_state));
    if (!state) return 0;
    BIO_set_data(bio, state);
    BIO_set_init(bio, 1);
    return 1;
}

static int datagram_destroy(BIO *bio) {
    kaamos_datagram_state *state = BIO_get_data(bio);
    if (state) {
        free_list(state->incoming_head);
        free_list(state->outgoing_head);
        free(state);
    }
    BIO_set_data(bio, NULL);
    return 1;
}

static BIO_METHOD *datagram_method;
static pthread_once_t datagram_method_once = PTHREAD_ONCE_INIT;

static void make_datagram_method(void) {
    BIO_METHOD *method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "kaamos datagram");
    if (!method) return;
    BIO_meth_set_write(method, datagram_write);
    BIO_meth_set_read(method, datagram_read);
    BIO_meth_set_ctrl(method, datagram_ctrl);
    BIO_meth_set_create(method, datagram_create);
    BIO_meth_set_destroy(method, datagram_destroy);
    datagram_method = method;
}

BIO *kaamos_datagram_bio_new(void) {
    pthread_once(&datagram_method_once, make_datagram_method);
    return datagram_method ? BIO_new(datagram_method) : NULL;
}

int kaamos_datagram_bio_push_incoming(BIO *bio, const uint8_t *bytes, size_t length) {
    kaamos_datagram_state *state = BIO_get_data(bio);
    if (!state) return 0;
    return append(&state->incoming_head, &state->incoming_tail, bytes, length);
}

long kaamos_datagram_bio_outgoing_length(BIO *bio) {
    kaamos_datagram_state *state = BIO_get_data(bio);
    return state && state->outgoing_head ? (long)state->outgoing_head->length : -1;
}

long kaamos_datagram_bio_pop_outgoing(BIO *bio, uint8_t *buffer, size_t capacity) {
    kaamos_datagram_state *state = BIO_get_data(bio);
    if (!state || !state->outgoing_head) return -1;
    kaamos_datagram *node = state->outgoing_head;
    if (node->length > capacity) return -1;
    memcpy(buffer, node->bytes, node->length);
    long length = (long)node->length;
    state->outgoing_head = node->next;
    if (!state->outgoing_head) state->outgoing_tail = NULL;
    free(node);
    return length;
}

uint64_t kaamos_datagram_bio_timer_changes(BIO *bio) {
    kaamos_datagram_state *state = BIO_get_data(bio);
    return state ? state->timer_changes : 0;
}

// --- Retransmission timer ---

int kaamos_SSL_manual_timer_supported(void) {
    return openssl_shares_its_deadline();
}

static unsigned int one_hour_timer(SSL *ssl, unsigned int previous_us) {
    (void)ssl;
    (void)previous_us;
    return 3600u * 1000000u;
}

static unsigned int doubling_timer(SSL *ssl, unsigned int previous_us) {
    BIO *bio = SSL_get_rbio(ssl);
    kaamos_datagram_state *state = bio ? BIO_get_data(bio) : NULL;
    if (!state) return 1000000u;
    if (previous_us == 0) return state->initial_us;
    unsigned long long doubled = 2ull * previous_us;
    return doubled > state->maximum_us ? state->maximum_us : (unsigned int)doubled;
}

void kaamos_SSL_install_timer(SSL *ssl, unsigned int initial_us, unsigned int maximum_us) {
    BIO *bio = SSL_get_rbio(ssl);
    kaamos_datagram_state *state = bio ? BIO_get_data(bio) : NULL;
    if (state) {
        state->initial_us = initial_us;
        state->maximum_us = maximum_us;
    }
    DTLS_set_timer_cb(ssl, openssl_shares_its_deadline() ? one_hour_timer : doubling_timer);
}

int kaamos_SSL_timer_running(SSL *ssl) {
    struct timeval left;
    return DTLSv1_get_timeout(ssl, &left) == 1;
}

int kaamos_SSL_retransmit_now(SSL *ssl) {
    BIO *bio = SSL_get_rbio(ssl);
    kaamos_datagram_state *state = bio ? BIO_get_data(bio) : NULL;
    if (!state) return 0;
    if (state->openssl_deadline) {
        struct timeval *deadline = state->openssl_deadline;
        if (deadline->tv_sec == 0 && deadline->tv_usec == 0) return 0;
        // A deadline long past (but not zero, which means "no timer") passes OpenSSL's expiry check.
        deadline->tv_sec = 0;
        deadline->tv_usec = 1;
    }
    int result = (int)DTLSv1_handle_timeout(ssl);
    return result > 0 ? 1 : (result < 0 ? -1 : 0);
}
