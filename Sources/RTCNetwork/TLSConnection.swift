import COpenSSL
import COpenSSLShims
import CSystemShims
import Glibc
import RTCBase

/// How a TLS client decides to trust the server's certificate.
public enum TLSVerification: Sendable, Equatable {
    /// The system's trust store (OpenSSL's default paths), and the name must match.
    case system
    /// Only certificates chaining to the PEM file's certificates, and the name must match.
    case caFile(String)
    /// Anything: for test servers with throwaway certificates. The caller warns the user.
    case none
}

/// TLS (1.2 or newer) over a connected TCP socket through OpenSSL. Owns its SSL_CTX and SSL and frees
/// them in deinit; the handshake completes in the initializer, within a timeout.
public final class TLSConnection: ServerConnection {
    public var fileDescriptor: Int32 { tcp.fileDescriptor }
    public var localAddress: TransportAddress { tcp.localAddress }
    public var remoteAddress: TransportAddress { tcp.remoteAddress }
    public var isStream: Bool { true }
    /// The negotiated protocol version ("TLSv1.3").
    public let protocolVersion: String
    public private(set) var eventsToResumeWriting = Int16(POLLOUT)

    private let tcp: TCPConnection
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private var buffer = [UInt8](repeating: 0, count: 16_384)
    /// Set once for the process, the first time a TLS connection is made.
    private static let ignoreBrokenPipe: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// - Parameter serverName: the name the certificate must carry (and SNI, unless it is an IP address).
    public init(over tcp: TCPConnection, serverName: String, verification: TLSVerification, timeout: Duration) throws(NetworkError) {
        // OpenSSL writes to the socket without MSG_NOSIGNAL: a server that hangs up mid-write must
        // be an error here, not a SIGPIPE that ends the process.
        _ = Self.ignoreBrokenPipe
        self.tcp = tcp
        let remote = tcp.remoteAddress
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw NetworkError("cannot create a TLS context: \(Self.openSSLError())") }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw NetworkError("cannot create a TLS session: \(Self.openSSLError())")
        }
        self.context = context
        self.ssl = ssl
        _ = kaamos_tls_require_tls12(context)
        // Writes that return what went and resume after "would block", whatever the buffer's address.
        kaamos_tls_allow_partial_writes(ssl)
        switch verification {
        case .system:
            SSL_CTX_set_default_verify_paths(context)
        case let .caFile(path):
            guard SSL_CTX_load_verify_locations(context, path, nil) == 1 else {
                throw NetworkError("cannot load the CA file \(path): \(Self.openSSLError())")
            }
        case .none:
            break
        }
        SSL_set_verify(ssl, verification == .none ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nil)
        if verification != .none {
            // An IP literal is matched against the certificate's IP addresses, a name against its DNS names.
            let matched = TransportAddress.IP(parsing: serverName) != nil
                ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName)
                : SSL_set1_host(ssl, serverName)
            guard matched == 1 else { throw NetworkError("cannot check the certificate against \(serverName): \(Self.openSSLError())") }
        }
        // RFC 6066 section 3: SNI carries host names only, never IP addresses.
        if TransportAddress.IP(parsing: serverName) == nil { _ = kaamos_tls_set_server_name(ssl, serverName) }
        guard SSL_set_fd(ssl, tcp.fileDescriptor) == 1 else { throw NetworkError("cannot attach TLS to the socket: \(Self.openSSLError())") }

        let deadline = MonotonicClock.now() + timeout
        while true {
            ERR_clear_error()
            let result = SSL_connect(ssl)
            if result == 1 { break }
            let error = SSL_get_error(ssl, result)
            let remaining = deadline - MonotonicClock.now()
            if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE {
                guard remaining > .zero,
                      ConnectedSocket.wait(tcp.fileDescriptor, for: error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, timeout: remaining)
                else { throw NetworkError("TLS handshake with \(remote) did not finish in \(timeout.milliseconds / 1000) s") }
                continue
            }
            let verifyResult = SSL_get_verify_result(ssl)
            if verifyResult != X509_V_OK {
                let reason = String(cString: X509_verify_cert_error_string(verifyResult))
                throw NetworkError("the certificate of \(remote) (\(serverName)) is not trusted: \(reason); pass --ca-file, or --insecure for a test server")
            }
            throw NetworkError("TLS handshake with \(remote) failed: \(Self.openSSLError(fallback: "the server closed the connection"))")
        }
        protocolVersion = String(cString: SSL_get_version(ssl))
    }

    deinit {
        // close_notify, so the server logs an orderly close rather than a broken connection.
        if SSL_is_init_finished(ssl) == 1 { _ = SSL_shutdown(ssl) }
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// Writes what the socket takes now of `bytes` (whole TLS records or the end of one that was
    /// waiting): the count, 0 when it would block. After 0, the caller passes the same bytes again
    /// (more may follow them, and they may have moved: the session allows both).
    public func write(_ bytes: ArraySlice<UInt8>) throws(NetworkError) -> Int {
        guard !bytes.isEmpty else { return 0 }
        ERR_clear_error()
        let written = bytes.withUnsafeBufferPointer { SSL_write(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
        if written > 0 {
            eventsToResumeWriting = Int16(POLLOUT)
            return Int(written)
        }
        switch SSL_get_error(ssl, written) {
        case SSL_ERROR_WANT_WRITE:
            eventsToResumeWriting = Int16(POLLOUT)
            return 0
        case SSL_ERROR_WANT_READ:
            eventsToResumeWriting = Int16(POLLIN)
            return 0
        default:
            throw NetworkError("cannot send to \(remoteAddress) over tls: \(Self.openSSLError(fallback: "the connection broke"))")
        }
    }

    public func receive() throws(NetworkError) -> [UInt8]? {
        var received: [UInt8] = []
        while true {
            ERR_clear_error()
            let length = buffer.withUnsafeMutableBufferPointer { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if length > 0 {
                received += buffer.prefix(Int(length))
                continue
            }
            let error = SSL_get_error(ssl, length)
            if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE { return received.isEmpty ? nil : received }
            if !received.isEmpty { return received }
            if error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
                throw NetworkError("\(remoteAddress) closed the tls connection")
            }
            throw NetworkError("cannot receive from \(remoteAddress) over tls: \(Self.openSSLError(fallback: "the connection broke"))")
        }
    }

    /// The oldest queued OpenSSL error as text, or `fallback` when the queue is empty.
    private static func openSSLError(fallback: String = "unknown OpenSSL error") -> String {
        let code = ERR_get_error()
        guard code != 0 else { return fallback }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
