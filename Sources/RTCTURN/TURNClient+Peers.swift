import RTCBase
import RTCSTUN

// Permissions (RFC 8656 section 9), channels (section 12) and the payloads sent through them
// (sections 10 and 12.4).
extension TURNClient {
    /// Asks the server to accept traffic from `peer`'s IP and relay ours to it; refreshed until close.
    /// Before the allocation exists the request waits for it. Idempotent.
    public func createPermission(for peer: TransportAddress, now: Instant) {
        advance(to: now)
        guard state == .idle || isRunningForPeers, permissions[peer.ip] == nil else { return }
        permissions[peer.ip] = TURNPermission(peer: peer, state: .waitingForAllocation)
        if state == .allocated { requestPermission(for: peer.ip) }
    }

    /// Binds a channel to `peer` so that payloads travel with 4 bytes of overhead; refreshed until
    /// close. Before the allocation exists the request waits for it. Idempotent.
    public func bindChannel(to peer: TransportAddress, now: Instant) {
        advance(to: now)
        guard state == .idle || isRunningForPeers, channels[peer] == nil else { return }
        guard nextChannelNumber <= ChannelData.bindableChannelNumbers.upperBound else {
            emit(.failed(step: .channel, reason: "cannot bind a channel to \(peer): all 4096 channel numbers are in use"))
            return
        }
        let number = nextChannelNumber
        nextChannelNumber += 1
        channels[peer] = TURNChannel(number: number, state: .waitingForAllocation)
        peersByChannel[number] = peer
        if state == .allocated { requestChannel(for: peer) }
    }

    /// Sends `payload` to `peer` through the relay: as ChannelData once a channel is bound, else as a
    /// Send indication once a permission exists, else queued while a permission is created for it.
    /// Returns false when the payload was dropped because the client is closed or failed.
    @discardableResult
    public func send(_ payload: [UInt8], to peer: TransportAddress, now: Instant) -> Bool {
        advance(to: now)
        guard state == .idle || isRunningForPeers else {
            stats.payloadsDropped += 1
            return false
        }
        if state == .allocated, let channel = channels[peer], channel.state == .bound {
            stats.channelDataSent += 1
            transmit(ChannelData(channelNumber: channel.number, payload: payload).encoded(padded: configuration.transport.isStream))
            return true
        }
        if state == .allocated, permissions[peer.ip]?.state == .installed {
            sendIndication(payload, to: peer)
            return true
        }
        createPermission(for: peer, now: now)
        guard var permission = permissions[peer.ip] else { return false }
        if permission.queued.count >= configuration.maxQueuedPayloadsPerPeer {
            permission.queued.removeFirst()
            stats.payloadsDropped += 1
        }
        permission.queued.append((peer, payload))
        permissions[peer.ip] = permission
        return true
    }

    /// Whether permissions and channels may still be asked for.
    private var isRunningForPeers: Bool { state == .allocating || state == .allocated }

    func sendIndication(_ payload: [UInt8], to peer: TransportAddress) {
        let id = STUNTransactionID.random(using: &random)
        let message = STUNMessage(messageClass: .indication, method: .send, transactionID: id, attributes: [
            TURNAttribute.xorPeerAddress(peer).stunAttribute(transactionID: id),
            TURNAttribute.data(payload).stunAttribute(transactionID: id),
        ])
        stats.sendIndicationsSent += 1
        transmit(message.encoded(integrityKey: nil, addFingerprint: false))
    }

    /// Sends what waited for the allocation.
    func requestWaitingPeers() {
        for ip in permissions.keys.sorted(by: { $0.description < $1.description })
        where permissions[ip]?.state == .waitingForAllocation {
            requestPermission(for: ip)
        }
        for peer in channels.keys.sorted(by: { channels[$0]!.number < channels[$1]!.number })
        where channels[peer]?.state == .waitingForAllocation {
            requestChannel(for: peer)
        }
    }

    func requestPermission(for ip: TransportAddress.IP) {
        guard var permission = permissions[ip] else { return }
        if permission.state == .installed { permission.refreshInFlight = true } else { permission.state = .requesting }
        permissions[ip] = permission
        startTransaction(.createPermission(peer: permission.peer))
    }

    func requestChannel(for peer: TransportAddress) {
        guard var channel = channels[peer] else { return }
        if channel.state == .bound { channel.refreshInFlight = true } else { channel.state = .requesting }
        channels[peer] = channel
        startTransaction(.channelBind(peer: peer, channel: channel.number))
    }

    func permissionInstalled(for ip: TransportAddress.IP) {
        guard state == .allocated, var permission = permissions[ip] else { return }
        let isNew = permission.state != .installed
        permission.state = .installed
        permission.refreshInFlight = false
        permission.refreshAt = now + configuration.permissionLifetime * configuration.refreshFraction
        let queued = permission.queued
        permission.queued = []
        permissions[ip] = permission
        if isNew { emit(.permissionCreated(ip)) }
        for item in queued { send(item.payload, to: item.peer, now: now) }
    }

    func permissionFailed(for ip: TransportAddress.IP, reason: String) {
        if let permission = permissions.removeValue(forKey: ip) { stats.payloadsDropped += permission.queued.count }
        emit(.failed(step: .permission, reason: reason))
    }

    func channelBound(peer: TransportAddress, channel number: UInt16) {
        guard state == .allocated, var channel = channels[peer], channel.number == number else { return }
        let isNew = channel.state != .bound
        channel.state = .bound
        channel.refreshInFlight = false
        channel.refreshAt = now + configuration.channelLifetime * configuration.refreshFraction
        channels[peer] = channel
        // RFC 8656 section 12.2: a ChannelBind also installs or refreshes the peer's permission,
        // which lasts only 300 s against the channel's 600 s, so it is kept and refreshed too.
        var permission = permissions[peer.ip] ?? TURNPermission(peer: peer, state: .requesting)
        let permissionIsNew = permission.state != .installed
        permission.state = .installed
        if !permission.refreshInFlight {
            permission.refreshAt = now + configuration.permissionLifetime * configuration.refreshFraction
        }
        let queued = permission.queued
        permission.queued = []
        permissions[peer.ip] = permission
        if permissionIsNew { emit(.permissionCreated(peer.ip)) }
        if isNew { emit(.channelBound(peer: peer, channel: number)) }
        for item in queued { send(item.payload, to: item.peer, now: now) }
    }

    func channelFailed(peer: TransportAddress, reason: String) {
        if let channel = channels.removeValue(forKey: peer) { peersByChannel[channel.number] = nil }
        emit(.failed(step: .channel, reason: reason))
    }

    func refreshDuePermissions() {
        let due = permissions.filter { $0.value.state == .installed && !$0.value.refreshInFlight && ($0.value.refreshAt ?? now) <= now }
        for ip in due.keys.sorted(by: { $0.description < $1.description }) { requestPermission(for: ip) }
    }

    func refreshDueChannels() {
        let due = channels.filter { $0.value.state == .bound && !$0.value.refreshInFlight && ($0.value.refreshAt ?? now) <= now }
        for peer in due.keys.sorted(by: { due[$0]!.number < due[$1]!.number }) { requestChannel(for: peer) }
    }

    func dropAllPeers() {
        stats.payloadsDropped += permissions.values.reduce(0) { $0 + $1.queued.count }
        permissions.removeAll()
        channels.removeAll()
        peersByChannel.removeAll()
    }
}
