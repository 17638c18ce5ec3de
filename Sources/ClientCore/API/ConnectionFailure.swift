import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Turns what a failed connection threw (NIO, NIOSSL, AsyncHTTPClient, the WebSocket client)
/// into the reason after "cannot reach/connect to URL: ". A refused certificate is looked at
/// again to say why: expired, self-signed, issued by an unknown CA, or for another name.
enum ConnectionFailure {
    /// What kind of failure an error is, without any network access.
    enum Kind: Equatable {
        /// The chain did not verify against the trust roots.
        case certificateRefused
        /// The chain verified but names another host.
        case hostnameRefused
        /// TLS went wrong some other way; the sentence says how.
        case tls(String)
        /// Not TLS at all: refused, timed out, unresolved...
        case other(String)
    }

    static func reason(for error: any Error, host: String, port: Int, trust: ServerTrust, timeout: TimeInterval? = nil) async -> String {
        switch kind(of: error, timeout: timeout) {
        case .certificateRefused, .hostnameRefused:
            let hostnameRefused = kind(of: error) == .hostnameRefused
            guard let chain = await PresentedCertificates.fetch(host: host, port: port) else {
                return CertificateProblem.unexplained("the certificate could not be fetched again to say why")
                    .sentence(remedy: trust.remedy)
            }
            return CertificateProblem.diagnose(chain: chain, host: host, hostnameRefused: hostnameRefused)
                .sentence(remedy: trust.remedy)
        case let .tls(sentence), let .other(sentence):
            return sentence
        }
    }

    static func kind(of error: any Error, timeout: TimeInterval? = nil) -> Kind {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return .hostnameRefused
        }
        if let ssl = error as? NIOSSLError {
            switch ssl {
            case let .handshakeFailed(boring):
                let text = "\(boring)"
                if text.contains("CERTIFICATE_VERIFY_FAILED") { return .certificateRefused }
                if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG") {
                    return .tls("the server does not speak TLS on this port (try http://)")
                }
                return .tls("the TLS handshake failed (\(text))")
            case .uncleanShutdown:
                return .tls("the server closed the TLS connection during the handshake")
            default:
                return .tls("TLS failed (\(ssl))")
            }
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .other(timeout.map { "no answer within \(Int($0)) s" } ?? "no answer in time")
            case .connectTimeout:
                return .other("the connection timed out")
            case .tlsHandshakeTimeout:
                return .tls("the TLS handshake timed out")
            case .remoteConnectionClosed:
                return .other("the server closed the connection without answering (an https:// server given as http://?)")
            default:
                return .other("\(client)")
            }
        }
        if let connection = error as? NIOConnectionError {
            if connection.dnsAError != nil || connection.dnsAAAAError != nil, connection.connectionErrors.isEmpty {
                return .other("the name \(connection.host) does not resolve")
            }
            if let first = connection.connectionErrors.first?.error { return kind(of: first, timeout: timeout) }
            return .other("cannot connect to \(connection.host):\(connection.port)")
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return .other("connection refused")
            case ENETUNREACH, EHOSTUNREACH: return .other("no route to the host")
            case ETIMEDOUT: return .other("the connection timed out")
            default: return .other(io.description)
            }
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return .other("the connection timed out")
        }
        return .other("\(error)")
    }
}
