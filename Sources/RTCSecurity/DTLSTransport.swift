import COpenSSL
import COpenSSLShims
import RTCBase

/// DTLS 1.2 for DTLS-SRTP (RFC 6347, RFC 5764) on OpenSSL, sans-IO.
///
/// The driver feeds received DTLS datagrams and timeouts with the current time and drains
/// `pollOutput()`; the transport never reads a clock or touches a socket. Used from one thread.
///
/// Peer identity: OpenSSL accepts any (self-signed) certificate but requires one; once the handshake
/// completes, the certificate's hash is compared with the SDP fingerprint, and only a match yields
/// `.connected` with the SRTP keys.
///
/// Retransmission runs on the caller's clock. OpenSSL's DTLS timer reads gettimeofday(), so with a
/// virtual clock it would never expire (or expire at random, in real time). A tiny timer does not
/// work either: OpenSSL also checks its timer whenever a read finds no data, and would then resend
/// each flight at once and in a loop. So OpenSSL's timer is set to one hour (it never fires on its
/// own) and this type keeps the real deadline (RFC 6347 4.2.4.1: initial timeout, doubling, capped);
/// when it passes, `kaamos_SSL_retransmit_now` marks OpenSSL's timer expired and lets
/// DTLSv1_handle_timeout resend the flight. That needs OpenSSL 1.1 to 3.1 (Debian's 3.0 qualifies),
/// which share the deadline with the BIO; on later versions OpenSSL's own timer runs with the same
/// schedule in wall-clock time, which works against a real clock only
/// (`retransmissionUsesCallerClock` is then false).
public final class DTLSTransport {
    public let role: DTLSRole
    public let certificate: DTLSCertificate
    public let mtu: Int
    public private(set) var remoteFingerprint: CertificateFingerprint?

    /// Upper bound of the retransmission timeout (RFC 6347 4.2.4.1 suggests 60 s; media cannot wait).
    public static let maximumRetransmitTimeout: Duration = .seconds(3)
    /// Retransmissions of one flight before the handshake is declared dead.
    public static let maximumRetransmissions = 6

    private enum State {
        case idle
        case handshaking
        /// Handshake done, waiting for `setRemoteFingerprint` before trusting the peer.
        case awaitingFingerprint
        case connected
        case closed
        case failed
    }

    private let context: OpaquePointer
    private let ssl: OpaquePointer
    /// Owned by `ssl` (SSL_set_bio took the reference).
    private let bio: OpaquePointer
    private var state = State.idle
    private var outputs = OutputQueue<DTLSOutput>()
    private var pendingApplicationData: [[UInt8]] = []
    private var readBuffer = [UInt8](repeating: 0, count: 16_384)

    private let initialRetransmitTimeout: Duration
    private var retransmitTimeout: Duration
    private var retransmitDeadline: Instant?
    private var retransmissions = 0
    private var observedTimerChanges: UInt64 = 0

    /// Cipher suites for an ECDSA certificate, with ECDHE-RSA ones so a client can talk to an RSA peer.
    static let cipherList = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA"
    /// GCM first: it is several times cheaper per packet than AES-CM with HMAC-SHA1.
    static let srtpProfiles = "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80"
    /// RFC 5764 section 4.2.
    static let exporterLabel = "EXTRACTOR-dtls_srtp"

    public init(
        role: DTLSRole, certificate: DTLSCertificate, remoteFingerprint: CertificateFingerprint?,
        mtu: Int = 1200, initialRetransmitTimeout: Duration = .milliseconds(100)
    ) throws(DTLSError) {
        self.role = role
        self.certificate = certificate
        self.remoteFingerprint = remoteFingerprint
        self.mtu = mtu
        self.initialRetransmitTimeout = initialRetransmitTimeout
        self.retransmitTimeout = initialRetransmitTimeout

        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(DTLS_method()) else {
            throw .openSSL(operation: "create a DTLS context", details: OpenSSLErrorQueue.drain())
        }
        var ok = kaamos_SSL_CTX_set_dtls12_only(context) == 1
        kaamos_SSL_CTX_set_dtls_srtp_options(context)
        ok = ok && SSL_CTX_use_certificate(context, certificate.certificate) == 1
        ok = ok && SSL_CTX_use_PrivateKey(context, certificate.key) == 1
        ok = ok && SSL_CTX_check_private_key(context) == 1
        ok = ok && SSL_CTX_set_cipher_list(context, Self.cipherList) == 1
        ok = ok && kaamos_SSL_CTX_set1_groups_list(context, "X25519:P-256") == 1
        // Unlike its neighbours, this one returns 0 on success.
        ok = ok && SSL_CTX_set_tlsext_use_srtp(context, Self.srtpProfiles) == 0
        kaamos_SSL_CTX_require_any_peer_certificate(context)
        guard ok, let ssl = SSL_new(context) else {
            let details = OpenSSLErrorQueue.drain()
            SSL_CTX_free(context)
            throw .openSSL(operation: "configure DTLS-SRTP", details: details)
        }
        guard let bio = kaamos_datagram_bio_new() else {
            let details = OpenSSLErrorQueue.drain()
            SSL_free(ssl)
            SSL_CTX_free(context)
            throw .openSSL(operation: "create a datagram BIO", details: details)
        }
        SSL_set_bio(ssl, bio, bio)
        switch role {
        case .client: SSL_set_connect_state(ssl)
        case .server: SSL_set_accept_state(ssl)
        }
        guard mtu >= 256, mtu <= 65_507, kaamos_SSL_set_datagram_mtu(ssl, mtu) == 1 else {
            let details = OpenSSLErrorQueue.drain()
            SSL_free(ssl)
            SSL_CTX_free(context)
            throw .openSSL(operation: "set a datagram MTU of \(mtu) bytes", details: details)
        }
        kaamos_SSL_install_timer(ssl, Self.microseconds(initialRetransmitTimeout),
                                 Self.microseconds(Self.maximumRetransmitTimeout))
        self.context = context
        self.ssl = ssl
        self.bio = bio
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    // MARK: - Driver interface

    /// Begins the handshake: a client sends its ClientHello, a server waits for one.
    public func start(now: Instant) {
        guard state == .idle else { return }
        state = .handshaking
        if role == .client { continueHandshake(now: now) }
    }

    /// Supplies the fingerprint from the remote description; it may arrive after the handshake.
    public func setRemoteFingerprint(_ fingerprint: CertificateFingerprint) {
        remoteFingerprint = fingerprint
        if state == .awaitingFingerprint { verifyPeerAndConnect() }
    }

    /// Processes one received DTLS datagram (first byte 20...63 in the RFC 7983 demultiplexing).
    public func handleDatagram(_ bytes: [UInt8], now: Instant) {
        guard !bytes.isEmpty else { return }
        switch state {
        case .closed, .failed:
            return
        case .idle:
            // A server may see the ClientHello before its driver calls start().
            state = .handshaking
        case .handshaking, .awaitingFingerprint, .connected:
            break
        }
        guard kaamos_datagram_bio_push_incoming(bio, bytes, bytes.count) == 1 else { return }
        if state == .handshaking {
            continueHandshake(now: now)
        }
        if state == .awaitingFingerprint || state == .connected {
            readRecords(now: now)
        }
    }

    /// Resends the last flight if its deadline has passed; gives up after too many tries.
    public func handleTimeout(now: Instant) {
        guard let deadline = retransmitDeadline, now >= deadline else { return }
        guard state == .handshaking || state == .awaitingFingerprint || state == .connected else {
            retransmitDeadline = nil
            return
        }
        if retransmissions >= Self.maximumRetransmissions {
            retransmitDeadline = nil
            if state == .handshaking {
                fail(.timedOut(retransmissions: retransmissions))
            }
            return
        }
        OpenSSLErrorQueue.clear()
        let result = kaamos_SSL_retransmit_now(ssl)
        retransmissions += 1
        retransmitTimeout = min(retransmitTimeout * 2, Self.maximumRetransmitTimeout)
        collectDatagrams()
        observedTimerChanges = kaamos_datagram_bio_timer_changes(bio)
        if result < 0 {
            fail(.handshakeFailed(details: OpenSSLErrorQueue.drain()))
            return
        }
        retransmitDeadline = kaamos_SSL_timer_running(ssl) == 1 ? now + retransmitTimeout : nil
    }

    /// When `handleTimeout` next has work; nil when nothing waits on time.
    public func nextTimeout() -> Instant? {
        switch state {
        case .handshaking, .awaitingFingerprint, .connected: return retransmitDeadline
        case .idle, .closed, .failed: return nil
        }
    }

    /// The next thing for the driver to do, oldest first.
    public func pollOutput() -> DTLSOutput? {
        outputs.take()
    }

    /// Sends close_notify and stops; the transport produces no further output.
    public func close() {
        guard state == .handshaking || state == .awaitingFingerprint || state == .connected else {
            state = .closed
            return
        }
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
        collectDatagrams()
        state = .closed
        retransmitDeadline = nil
    }

    /// Encrypts application data into one record (keep it well under the MTU).
    public func sendApplicationData(_ bytes: [UInt8]) throws(DTLSError) {
        guard state == .connected else { throw .notConnected }
        guard !bytes.isEmpty else { return }
        OpenSSLErrorQueue.clear()
        let written = SSL_write(ssl, bytes, Int32(clamping: bytes.count))
        collectDatagrams()
        guard written > 0 else {
            throw .openSSL(operation: "encrypt application data", details: OpenSSLErrorQueue.drain())
        }
    }

    /// Whether the handshake completed and the peer was verified.
    public var isConnected: Bool { state == .connected }

    /// Whether retransmission follows the `now` passed in (true with the linked OpenSSL 1.1 to 3.1).
    public static var retransmissionUsesCallerClock: Bool { kaamos_SSL_manual_timer_supported() == 1 }

    // MARK: - Internals

    private static func microseconds(_ duration: Duration) -> UInt32 {
        UInt32(clamping: max(1, duration.nanosecondsClamped / 1_000))
    }

    private func continueHandshake(now: Instant) {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        let error = result == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, result)
        collectDatagrams()
        updateRetransmitDeadline(now: now)
        switch error {
        case SSL_ERROR_NONE:
            state = .awaitingFingerprint
            if remoteFingerprint != nil { verifyPeerAndConnect() }
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            break
        case SSL_ERROR_ZERO_RETURN:
            closeByPeer()
        default:
            fail(.handshakeFailed(details: OpenSSLErrorQueue.drain()))
        }
    }

    /// Reads application records and lets OpenSSL answer a retransmitted final flight.
    private func readRecords(now: Instant) {
        while state == .awaitingFingerprint || state == .connected {
            OpenSSLErrorQueue.clear()
            let count = readBuffer.withUnsafeMutableBytes { buffer in
                SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
            }
            if count > 0 {
                let data = Array(readBuffer.prefix(Int(count)))
                if state == .connected {
                    outputs.append(.applicationData(data))
                } else {
                    pendingApplicationData.append(data)
                }
                continue
            }
            let error = SSL_get_error(ssl, count)
            collectDatagrams()
            updateRetransmitDeadline(now: now)
            switch error {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return
            case SSL_ERROR_ZERO_RETURN:
                closeByPeer()
            default:
                fail(.handshakeFailed(details: OpenSSLErrorQueue.drain()))
            }
            return
        }
    }

    private func verifyPeerAndConnect() {
        guard let expected = remoteFingerprint else { return }
        guard let peer = SSL_get1_peer_certificate(ssl) else {
            fail(.missingPeerCertificate)
            return
        }
        let der = DTLSCertificate.derEncoding(of: peer)
        X509_free(peer)
        guard let der else {
            fail(.openSSL(operation: "encode the peer certificate", details: OpenSSLErrorQueue.drain()))
            return
        }
        let actual: CertificateFingerprint
        do {
            actual = try DTLSCertificate.fingerprint(of: der, algorithm: expected.algorithm)
        } catch {
            fail(error)
            return
        }
        guard actual.digest == expected.digest else {
            fail(.fingerprintMismatch(expected: expected, actual: actual))
            return
        }
        guard let selected = SSL_get_selected_srtp_profile(ssl),
              let profile = SRTPProfile(protectionProfileID: UInt16(truncatingIfNeeded: selected.pointee.id))
        else {
            fail(.noSRTPProfile)
            return
        }
        var exported = [UInt8](repeating: 0, count: 2 * (profile.keyLength + profile.saltLength))
        let status = SSL_export_keying_material(
            ssl, &exported, exported.count, Self.exporterLabel, Self.exporterLabel.utf8.count, nil, 0, 0)
        guard status == 1,
              let material = SRTPKeyingMaterial(exported: exported, profile: profile, isClient: role == .client)
        else {
            fail(.openSSL(operation: "export SRTP keying material", details: OpenSSLErrorQueue.drain()))
            return
        }
        state = .connected
        outputs.append(.connected(material))
        for data in pendingApplicationData { outputs.append(.applicationData(data)) }
        pendingApplicationData.removeAll()
    }

    /// Follows OpenSSL's timer: running means a flight awaits an answer. A new flight (the timer was
    /// restarted without our asking) starts again from the initial timeout.
    private func updateRetransmitDeadline(now: Instant) {
        let changes = kaamos_datagram_bio_timer_changes(bio)
        let restarted = changes != observedTimerChanges
        observedTimerChanges = changes
        guard kaamos_SSL_timer_running(ssl) == 1 else {
            retransmitDeadline = nil
            retransmitTimeout = initialRetransmitTimeout
            retransmissions = 0
            return
        }
        if restarted || retransmitDeadline == nil {
            retransmitTimeout = initialRetransmitTimeout
            retransmissions = 0
            retransmitDeadline = now + retransmitTimeout
        }
    }

    private func collectDatagrams() {
        while true {
            let length = kaamos_datagram_bio_outgoing_length(bio)
            guard length >= 0 else { return }
            var datagram = [UInt8](repeating: 0, count: length)
            let copied = datagram.withUnsafeMutableBufferPointer { buffer in
                kaamos_datagram_bio_pop_outgoing(bio, buffer.baseAddress, buffer.count)
            }
            guard copied == length else { return }
            outputs.append(.transmit(datagram))
        }
    }

    private func closeByPeer() {
        guard state != .closed, state != .failed else { return }
        // Answer with our own close_notify, as TLS expects.
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
        collectDatagrams()
        state = .closed
        retransmitDeadline = nil
        outputs.append(.closed)
    }

    private func fail(_ error: DTLSError) {
        guard state != .failed, state != .closed else { return }
        if state == .awaitingFingerprint || state == .connected {
            // The peer believes the handshake succeeded; tell it we are done (close_notify).
            OpenSSLErrorQueue.clear()
            _ = SSL_shutdown(ssl)
            OpenSSLErrorQueue.clear()
            collectDatagrams()
        }
        state = .failed
        retransmitDeadline = nil
        outputs.append(.failed(error))
    }
}
