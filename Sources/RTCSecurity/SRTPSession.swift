import CSRTP

/// libsrtp is initialised once per process; a Swift global's initialiser runs exactly once, thread-safely.
private let libsrtpInitialization: srtp_err_status_t = srtp_init()

/// One direction of SRTP and SRTCP for every SSRC of a peer connection, over libsrtp2.
///
/// Not safe for concurrent use; it is `@unchecked Sendable` so a session can move to the thread that
/// sends or receives media, as long as one thread at a time uses it. The libsrtp context is owned here
/// and freed in deinit.
public final class SRTPSession: @unchecked Sendable {
    public enum Direction: Sendable {
        /// Protects packets this side sends (any SSRC).
        case outbound
        /// Unprotects packets from the peer (any SSRC), with replay protection.
        case inbound
    }

    /// Replay window for inbound streams. libsrtp's default of 128 packets is too small for video:
    /// a NACK retransmission of a keyframe packet can arrive several hundred packets late.
    public static let replayWindow = 1024

    public let profile: SRTPProfile
    public let direction: Direction
    private let context: OpaquePointer

    public init(profile: SRTPProfile, key: [UInt8], salt: [UInt8], direction: Direction) throws(SRTPError) {
        guard libsrtpInitialization == srtp_err_status_ok else {
            throw SRTPError(operation: .initialize, status: .init(libsrtpInitialization))
        }
        guard key.count == profile.keyLength, salt.count == profile.saltLength else {
            throw SRTPError(operation: .createSession, status: .wrongKeyLength(
                expected: profile.keyLength + profile.saltLength, actual: key.count + salt.count))
        }
        self.profile = profile
        self.direction = direction

        var policy = srtp_policy_t()
        switch profile {
        case .aes128CmHmacSha1_80:
            srtp_crypto_policy_set_rtp_default(&policy.rtp)  // AES-CM-128 + HMAC-SHA1-80
            srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        case .aeadAes128Gcm:
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp)
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp)
        }
        switch direction {
        case .outbound:
            policy.ssrc.type = ssrc_any_outbound
            // A NACK answer resends the very same packet (same sequence number and payload), which
            // libsrtp would otherwise refuse as a replay on the sending side.
            policy.allow_repeat_tx = 1
        case .inbound:
            policy.ssrc.type = ssrc_any_inbound
            policy.allow_repeat_tx = 0
        }
        policy.window_size = UInt(Self.replayWindow)

        // libsrtp takes the master key and salt concatenated and copies them into the session.
        var material = key + salt
        var session: OpaquePointer?
        let status = material.withUnsafeMutableBufferPointer { buffer in
            policy.key = buffer.baseAddress
            return srtp_create(&session, &policy)
        }
        for index in material.indices { material[index] = 0 }
        guard status == srtp_err_status_ok, let session else {
            throw SRTPError(operation: .createSession, status: .init(status))
        }
        context = session
    }

    deinit {
        srtp_dealloc(context)
    }

    /// Encrypts and authenticates an RTP packet in place, appending the tag.
    ///
    /// Give the array `profile.rtpOverhead` bytes of spare capacity to avoid a reallocation.
    public func protectRTP(_ packet: inout [UInt8]) throws(SRTPError) {
        try transform(&packet, operation: .protectRTP, minimumLength: 12, growth: profile.rtpOverhead) { context, bytes, length in
            srtp_protect(context, bytes, length)
        }
    }

    /// Verifies and decrypts an SRTP packet in place, removing the tag.
    ///
    /// On a replay error the packet is untouched; after an authentication failure its payload bytes
    /// are unspecified (AES-GCM decrypts before the tag check), so drop it.
    public func unprotectRTP(_ packet: inout [UInt8]) throws(SRTPError) {
        try transform(&packet, operation: .unprotectRTP, minimumLength: 12, growth: 0) { context, bytes, length in
            srtp_unprotect(context, bytes, length)
        }
    }

    /// Encrypts and authenticates a (compound) RTCP packet in place, appending index and tag.
    public func protectRTCP(_ packet: inout [UInt8]) throws(SRTPError) {
        try transform(&packet, operation: .protectRTCP, minimumLength: 8, growth: profile.rtcpOverhead) { context, bytes, length in
            srtp_protect_rtcp(context, bytes, length)
        }
    }

    /// Verifies and decrypts an SRTCP packet in place, removing index and tag.
    public func unprotectRTCP(_ packet: inout [UInt8]) throws(SRTPError) {
        try transform(&packet, operation: .unprotectRTCP, minimumLength: 8, growth: 0) { context, bytes, length in
            srtp_unprotect_rtcp(context, bytes, length)
        }
    }

    private func transform(
        _ packet: inout [UInt8], operation: SRTPError.Operation, minimumLength: Int, growth: Int,
        _ call: (OpaquePointer, UnsafeMutableRawPointer, UnsafeMutablePointer<Int32>) -> srtp_err_status_t
    ) throws(SRTPError) {
        let original = packet.count
        guard original >= minimumLength else {
            throw SRTPError(operation: operation, status: .packetTooShort)
        }
        guard original <= Int(Int32.max) - growth else {
            throw SRTPError(operation: operation, status: .badParameter)
        }
        // libsrtp writes the trailer after the packet; make those bytes part of the array first.
        if growth > 0 {
            packet.reserveCapacity(original + growth)
            packet.append(contentsOf: repeatElement(0, count: growth))
        }
        var length = Int32(original)
        let context = self.context
        let status = packet.withUnsafeMutableBufferPointer { buffer -> srtp_err_status_t in
            guard let base = buffer.baseAddress else { return srtp_err_status_bad_param }
            return call(context, base, &length)
        }
        guard status == srtp_err_status_ok else {
            if growth > 0 { packet.removeLast(growth) }
            throw SRTPError(operation: operation, status: .init(status))
        }
        let newLength = Int(length)
        guard newLength >= 0, newLength <= packet.count else {
            throw SRTPError(operation: operation, status: .badParameter)
        }
        packet.removeLast(packet.count - newLength)
    }
}
