import RTCBase
import RTCSTUN

/// Turns a TURN error response into a sentence that says what it means for the user (RFC 8656
/// section 19 and RFC 8489 section 14.8 define the codes).
enum TURNErrorExplanation {
    static func sentence(code: Int, reason: String, method: STUNMessage.Method, peer: TransportAddress?,
                         alternateServer: TransportAddress?) -> String {
        let status = reason.isEmpty ? "\(code)" : "\(code) \(reason)"
        let meaning: String
        switch code {
        case 300:
            meaning = alternateServer.map { "the server redirects to \($0)" } ?? "the server redirects elsewhere but names no server"
        case 400:
            meaning = "the server could not understand the request"
        case 401:
            meaning = "the username or password is wrong"
        case 403:
            if let peer, method == .createPermission || method == .channelBind {
                meaning = "the server will not relay to \(peer.ip) (servers commonly refuse loopback and private peers)"
            } else {
                meaning = "the server forbids this user to allocate"
            }
        case 420:
            meaning = "the server does not understand an attribute this client requires"
        case 437:
            meaning = method == .allocate
                ? "the server already holds an allocation for this client address; retry from another local port"
                : "the allocation no longer exists on the server"
        case 438:
            meaning = "the server called every fresh nonce stale"
        case 440:
            meaning = "the server does not relay this address family"
        case 441:
            meaning = "the credentials differ from those that created the allocation"
        case 442:
            meaning = "the server does not relay UDP"
        case 443:
            meaning = "the peer's address family differs from the relayed address's"
        case 486:
            meaning = "this user has reached the server's allocation quota"
        case 500:
            meaning = "the server had an internal error"
        case 508:
            meaning = "the server has no capacity left for it"
        default:
            meaning = "the server gave an error this client does not know"
        }
        return "\(meaning) (\(status))"
    }
}
