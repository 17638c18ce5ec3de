import RTCBase
@testable import RTCTURN
import RTCSTUN

/// An in-memory TURN server for driving `TURNClient` without sockets: long-term credentials with
/// nonces, allocations, permissions, channels, and knobs that make it misbehave on purpose.
final class FakeTURNServer {
    let transport: TURNTransport
    var realm = "kaamos"
    var nonce = "nonce-0"
    var users = ["alice": "secret"]
    var clientAddress = TransportAddress("198.51.100.7:40000")!
    var relayedAddress = TransportAddress("192.0.2.10:50000")!
    var lifetime: UInt32 = 600
    var includeMappedAddress = true

    // Misbehaviour.
    /// The next signed requests are answered 438 Stale Nonce with a fresh nonce.
    var staleNonceAnswers = 0
    /// The next requests get no answer at all (lost on the way).
    var requestsToDrop = 0
    /// Errors to answer per method instead of succeeding (401 is recomputed normally).
    var forcedErrors: [STUNMessage.Method: (code: Int, reason: String)] = [:]
    /// Peer IPs the server refuses permissions for (403), as coturn does for loopback by default.
    var forbiddenPeers: Set<TransportAddress.IP> = []

    // What happened.
    private(set) var requests: [STUNMessage] = []
    private(set) var allocated = false
    private(set) var permissions: Set<TransportAddress.IP> = []
    private(set) var channels: [UInt16: TransportAddress] = [:]
    /// Payloads relayed to peers, in order.
    private(set) var relayedToPeers: [(peer: TransportAddress, payload: [UInt8])] = []
    private var nonceCounter = 0
    private var framer = TURNStreamFramer()

    init(transport: TURNTransport = .udp) { self.transport = transport }

    func requests(_ method: STUNMessage.Method) -> [STUNMessage] { requests.filter { $0.method == method } }

    /// Takes bytes from the client, returns what the server sends back (each element one datagram,
    /// or one piece of the stream).
    func receive(_ bytes: [UInt8]) -> [[UInt8]] {
        guard transport.isStream else { return handle(bytes) }
        framer.append(bytes)
        var replies: [[UInt8]] = []
        while let frame = try! framer.nextFrame() {
            switch frame {
            case let .stun(message), let .channelData(message): replies += handle(message)
            }
        }
        return replies
    }

    /// What the server sends the client when `peer` sends `payload` to the relayed address: nil when
    /// no permission lets it through.
    func deliverFromPeer(_ payload: [UInt8], from peer: TransportAddress) -> [UInt8]? {
        guard allocated, permissions.contains(peer.ip) else { return nil }
        if let (number, _) = channels.first(where: { $0.value == peer }) {
            return ChannelData(channelNumber: number, payload: payload).encoded(padded: transport.isStream)
        }
        var random = SeededRandom(seed: UInt64(payload.count) &+ 99)
        let id = STUNTransactionID.random(using: &random)
        return STUNMessage(messageClass: .indication, method: .data, transactionID: id, attributes: [
            TURNAttribute.xorPeerAddress(peer).stunAttribute(transactionID: id),
            TURNAttribute.data(payload).stunAttribute(transactionID: id),
        ]).encoded(integrityKey: nil, addFingerprint: false)
    }

    private func handle(_ bytes: [UInt8]) -> [[UInt8]] {
        if ChannelData.looksLikeChannelData(bytes) {
            if let message = try? ChannelData(bytes: bytes), let peer = channels[message.channelNumber], allocated {
                relayedToPeers.append((peer, message.payload))
            }
            return []
        }
        guard let message = try? STUNMessage(bytes: bytes) else { return [] }
        if message.messageClass == .indication {
            if message.method == .send, allocated, let peer = message.xorPeerAddress, let data = message.data,
               permissions.contains(peer.ip) {
                relayedToPeers.append((peer, data))
            }
            return []
        }
        guard message.messageClass == .request else { return [] }
        requests.append(message)
        if requestsToDrop > 0 {
            requestsToDrop -= 1
            return []
        }
        guard let username = message.username, let password = users[username], message.hasMessageIntegrity else {
            return [error(message, 401, "Unauthorized", withNonce: true)]
        }
        let key = LongTermCredential(username: username, password: password).key(realm: realm)
        guard message.validatesIntegrity(key: key), message.realm == realm else {
            return [error(message, 401, "Unauthorized", withNonce: true)]
        }
        if staleNonceAnswers > 0 || message.nonce != nonce {
            staleNonceAnswers = max(0, staleNonceAnswers - 1)
            nonceCounter += 1
            nonce = "nonce-\(nonceCounter)"
            return [error(message, 438, "Stale Nonce", withNonce: true)]
        }
        if let forced = forcedErrors[message.method] {
            return [error(message, forced.code, forced.reason, withNonce: false, key: key)]
        }
        var attributes: [STUNAttribute] = []
        let id = message.transactionID
        switch message.method {
        case .allocate:
            if allocated { return [error(message, 437, "Allocation Mismatch", withNonce: false, key: key)] }
            allocated = true
            attributes.append(TURNAttribute.xorRelayedAddress(relayedAddress).stunAttribute(transactionID: id))
            attributes.append(TURNAttribute.lifetime(seconds: lifetime).stunAttribute(transactionID: id))
            if includeMappedAddress { attributes.append(.xorMappedAddress(clientAddress)) }
        case .refresh:
            guard allocated else { return [error(message, 437, "Allocation Mismatch", withNonce: false, key: key)] }
            let asked = message.lifetime ?? lifetime
            if asked == 0 {
                allocated = false
                permissions.removeAll()
                channels.removeAll()
            }
            attributes.append(TURNAttribute.lifetime(seconds: asked == 0 ? 0 : lifetime).stunAttribute(transactionID: id))
        case .createPermission:
            guard allocated, let peer = message.xorPeerAddress else { return [error(message, 400, "Bad Request", withNonce: false, key: key)] }
            if forbiddenPeers.contains(peer.ip) { return [error(message, 403, "Forbidden", withNonce: false, key: key)] }
            permissions.insert(peer.ip)
        case .channelBind:
            guard allocated, let peer = message.xorPeerAddress, let number = message.channelNumber else {
                return [error(message, 400, "Bad Request", withNonce: false, key: key)]
            }
            if forbiddenPeers.contains(peer.ip) { return [error(message, 403, "Forbidden", withNonce: false, key: key)] }
            channels[number] = peer
            permissions.insert(peer.ip)
        default:
            return [error(message, 400, "Bad Request", withNonce: false, key: key)]
        }
        let response = STUNMessage(messageClass: .successResponse, method: message.method, transactionID: id, attributes: attributes)
        return [response.encoded(integrityKey: key, addFingerprint: true)]
    }

    private func error(_ request: STUNMessage, _ code: Int, _ reason: String, withNonce: Bool, key: [UInt8]? = nil) -> [UInt8] {
        var attributes: [STUNAttribute] = [.errorCode(code: code, reason: reason)]
        if withNonce {
            attributes.append(TURNAttribute.realm(realm).stunAttribute(transactionID: request.transactionID))
            attributes.append(TURNAttribute.nonce(nonce).stunAttribute(transactionID: request.transactionID))
        }
        return STUNMessage(messageClass: .errorResponse, method: request.method, transactionID: request.transactionID,
                           attributes: attributes).encoded(integrityKey: key, addFingerprint: true)
    }
}
