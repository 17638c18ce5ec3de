import Testing
import RTCBase
@testable import RTCSecurity

@Suite struct SRTPSessionTests {
    static func rtp(sequence: UInt16, ssrc: UInt32 = 0x1122_3344, payload: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(capacity: 12 + payload.count + 16)
        writer.write(UInt8(0x80))
        writer.write(UInt8(96))
        writer.write(sequence)
        writer.write(UInt32(sequence) &* 3000)
        writer.write(ssrc)
        writer.write(bytes: payload)
        return writer.bytes
    }

    static func pair(_ profile: SRTPProfile, seed: UInt64 = 7) throws -> (SRTPSession, SRTPSession) {
        var random = SeededRandom(seed: seed)
        let key = random.bytes(profile.keyLength)
        let salt = random.bytes(profile.saltLength)
        return (try SRTPSession(profile: profile, key: key, salt: salt, direction: .outbound),
                try SRTPSession(profile: profile, key: key, salt: salt, direction: .inbound))
    }

    @Test(arguments: [SRTPProfile.aes128CmHmacSha1_80, .aeadAes128Gcm])
    func roundTripsManyPacketsOfEverySize(profile: SRTPProfile) throws {
        let (sender, receiver) = try Self.pair(profile)
        var random = SeededRandom(seed: 42)
        for sequence in UInt16(0)..<300 {
            let payload = random.bytes(Int(sequence) * 4 % 1201)
            let plain = Self.rtp(sequence: sequence, payload: payload)
            var packet = plain
            try sender.protectRTP(&packet)
            #expect(packet != plain || payload.isEmpty)
            #expect(Array(packet.prefix(12)) == Array(plain.prefix(12)), "the header stays in clear")
            try receiver.unprotectRTP(&packet)
            #expect(packet == plain)
        }
    }

    @Test(arguments: [SRTPProfile.aes128CmHmacSha1_80, .aeadAes128Gcm])
    func rtcpRoundTrips(profile: SRTPProfile) throws {
        let (sender, receiver) = try Self.pair(profile)
        let plain: [UInt8] = [0x81, 0xc9, 0x00, 0x07, 0x11, 0x22, 0x33, 0x44] + Array(repeating: 0x5a, count: 24)
        for _ in 0..<5 {
            var packet = plain
            try sender.protectRTCP(&packet)
            try receiver.unprotectRTCP(&packet)
            #expect(packet == plain)
        }
    }

    @Test(arguments: [SRTPProfile.aes128CmHmacSha1_80, .aeadAes128Gcm])
    func tamperedPacketFailsAuthentication(profile: SRTPProfile) throws {
        let (sender, receiver) = try Self.pair(profile)
        var packet = Self.rtp(sequence: 1, payload: Array(repeating: 0xab, count: 100))
        try sender.protectRTP(&packet)
        for index in [0, 5, 12, 60, packet.count - 1] {
            var tampered = packet
            tampered[index] ^= 0x01
            let error = #expect(throws: SRTPError.self) { try receiver.unprotectRTP(&tampered) }
            #expect(error?.status == .authenticationFailed, "flipping byte \(index)")
        }
        // The untouched packet still authenticates afterwards.
        try receiver.unprotectRTP(&packet)
    }

    @Test(arguments: [SRTPProfile.aes128CmHmacSha1_80, .aeadAes128Gcm])
    func replayedPacketIsRejected(profile: SRTPProfile) throws {
        let (sender, receiver) = try Self.pair(profile)
        var packet = Self.rtp(sequence: 10, payload: [1, 2, 3])
        try sender.protectRTP(&packet)
        var first = packet
        try receiver.unprotectRTP(&first)
        var second = packet
        let error = #expect(throws: SRTPError.self) { try receiver.unprotectRTP(&second) }
        #expect(error?.status == .replayed)
        #expect(error?.description == "Could not unprotect an SRTP packet: the packet index was already seen (srtp_err_status_replay_fail).")
        #expect(second == packet, "a rejected packet is left as it was")
    }

    @Test func replayWindowHoldsAThousandPackets() throws {
        let (sender, receiver) = try Self.pair(.aeadAes128Gcm)
        var late = Self.rtp(sequence: 0, payload: [9])
        try sender.protectRTP(&late)
        var ancient = Self.rtp(sequence: 1, payload: [9])
        try sender.protectRTP(&ancient)
        for sequence in UInt16(2)...1020 {
            var packet = Self.rtp(sequence: sequence, payload: [7])
            try sender.protectRTP(&packet)
            try receiver.unprotectRTP(&packet)
        }
        // 1020 packets later, a NACK-recovered packet is still inside the 1024-packet window.
        try receiver.unprotectRTP(&late)
        for sequence in UInt16(1021)...1100 {
            var packet = Self.rtp(sequence: sequence, payload: [7])
            try sender.protectRTP(&packet)
            try receiver.unprotectRTP(&packet)
        }
        let error = #expect(throws: SRTPError.self) { try receiver.unprotectRTP(&ancient) }
        #expect(error?.status == .replayTooOld)
    }

    @Test(arguments: [SRTPProfile.aes128CmHmacSha1_80, .aeadAes128Gcm])
    func retransmittedPacketCanBeProtectedTwice(profile: SRTPProfile) throws {
        let (sender, receiver) = try Self.pair(profile)
        let plain = Self.rtp(sequence: 500, payload: Array(repeating: 0x42, count: 200))
        var original = plain
        try sender.protectRTP(&original)
        var later = Self.rtp(sequence: 501, payload: [1])
        try sender.protectRTP(&later)
        // The NACK answer protects the same sequence number again: identical bytes on the wire.
        var resent = plain
        try sender.protectRTP(&resent)
        #expect(resent == original)
        // The receiver lost the original; the retransmission decrypts.
        try receiver.unprotectRTP(&later)
        try receiver.unprotectRTP(&resent)
        #expect(resent == plain)
    }

    @Test func differentSSRCsShareOneSession() throws {
        let (sender, receiver) = try Self.pair(.aeadAes128Gcm)
        for ssrc: UInt32 in [1, 2, 0xdead_beef] {
            let plain = Self.rtp(sequence: 7, ssrc: ssrc, payload: [1, 2, 3, 4])
            var packet = plain
            try sender.protectRTP(&packet)
            try receiver.unprotectRTP(&packet)
            #expect(packet == plain)
        }
    }

    @Test func rejectsBadInputWithoutTrapping() throws {
        let (sender, receiver) = try Self.pair(.aes128CmHmacSha1_80)
        var short: [UInt8] = [0x80, 0, 0]
        #expect(throws: SRTPError.self) { try sender.protectRTP(&short) }
        #expect(throws: SRTPError.self) { try receiver.unprotectRTP(&short) }
        var empty: [UInt8] = []
        #expect(throws: SRTPError.self) { try receiver.unprotectRTCP(&empty) }
        var random = SeededRandom(seed: 3)
        for length in 0..<80 {
            var garbage = random.bytes(length)
            _ = try? receiver.unprotectRTP(&garbage)
            var garbageRTCP = random.bytes(length)
            _ = try? receiver.unprotectRTCP(&garbageRTCP)
        }
        let error = #expect(throws: SRTPError.self) {
            _ = try SRTPSession(profile: .aeadAes128Gcm, key: [1, 2], salt: [], direction: .inbound)
        }
        #expect(error?.status == .wrongKeyLength(expected: 28, actual: 2))
    }
}
