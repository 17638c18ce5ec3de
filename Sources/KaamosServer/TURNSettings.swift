import Foundation
import RTCBase
import RTCTURN
import KaamosWire

/// A TURN server handed to every participant in `joined`, as an `ice_servers` entry per URL.
///
/// With a shared secret (coturn's `use-auth-secret`, the "TURN REST API" scheme) each participant
/// gets its own credential that expires after `credentialLifetime`, so a credential copied from a
/// page stops working; with a static user every participant gets the same one.
public struct TURNSettings: Sendable, Equatable {
    public enum Credentials: Sendable, Equatable {
        case sharedSecret(String)
        case staticUser(username: String, password: String)
    }

    /// `turn:host:port`, `turn:host:port?transport=tcp` or `turns:host:port`.
    public var urls: [String]
    public var credentials: Credentials
    public var credentialLifetime: TimeInterval

    public init(urls: [String], credentials: Credentials, credentialLifetime: TimeInterval = 86_400) {
        self.urls = urls
        self.credentials = credentials
        self.credentialLifetime = credentialLifetime
    }

    /// The entries for one participant; `user` goes into a REST username, `now` is Unix time.
    public func iceServers(for user: String, now: Date) -> [ICEServer] {
        let username: String
        let password: String
        switch credentials {
        case let .sharedSecret(secret):
            let credential = TURNRestCredential(secret: secret, user: user, validFor: .seconds(credentialLifetime),
                                                now: Int64(now.timeIntervalSince1970))
            username = credential.username
            password = credential.password
        case let .staticUser(user, secret):
            username = user
            password = secret
        }
        return urls.map { ICEServer(urls: $0, username: username, credential: password) }
    }

    /// Why a TURN URL cannot be handed out, or nil when it can: parsed as clients parse it.
    public static func problem(with url: String) -> String? {
        do {
            let parsed = try IceServerURL(parsing: url)
            return parsed.scheme.isTURN ? nil : "\(url) is not a TURN URL (turn:HOST:PORT or turns:HOST:PORT)"
        } catch {
            return error.description
        }
    }
}
