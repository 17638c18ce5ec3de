import Testing
import RTCBase
@testable import RTCSecurity

/// Published reference packets, run through `SRTPSession` both ways.
///
/// The AES-CM vectors are libsrtp's own reference packets from test/srtp_driver.c (`srtp_validate`,
/// master key `test_key`, SSRC 0xcafebabe, sequence 0x1234); the GCM vectors are from the same file
/// (`srtp_validate_gcm`, master key `test_key_gcm`). Both go through the RFC 3711 key derivation.
@Suite struct SRTPVectorTests {
    static let cmKey = [UInt8](hex: "e1f97a0d3e018be0d64fa32c06de4139")!
    static let cmSalt = [UInt8](hex: "0ec675ad498afeebb6960b3aabe6")!
    static let rtpPlain = [UInt8](hex: "800f1234decafbadcafebabe abababababababababababababababab")!
    static let cmRTPCipher = [UInt8](hex: """
        800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb
        """)!
    static let rtcpPlain = [UInt8](hex: "81c8000bcafebabe abababababababababababababababab")!
    static let cmRTCPCipher = [UInt8](hex: """
        81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798
        """)!

    static let gcmKey = [UInt8](hex: "000102030405060708090a0b0c0d0e0f")!
    static let gcmSalt = [UInt8](hex: "a0a1a2a3a4a5a6a7a8a9aaab")!
    static let gcmRTPCipher = [UInt8](hex: """
        800f1234decafbadcafebabe c5002ede04cfdd2eb91159e0880aa06e d2976826f796b201df3131a127e8a392
        """)!
    static let gcmRTCPCipher = [UInt8](hex: """
        81c8000bcafebabe c98b8b5df0392a55852b6c21ac8e7025 c52c6fbea2b3b446ea31123ba88ce61e 80000001
        """)!

    @Test func aesCmProtectsRTPToLibsrtpReference() throws {
        let sender = try SRTPSession(profile: .aes128CmHmacSha1_80, key: Self.cmKey, salt: Self.cmSalt, direction: .outbound)
        var packet = Self.rtpPlain
        try sender.protectRTP(&packet)
        #expect(packet == Self.cmRTPCipher)

        let receiver = try SRTPSession(profile: .aes128CmHmacSha1_80, key: Self.cmKey, salt: Self.cmSalt, direction: .inbound)
        try receiver.unprotectRTP(&packet)
        #expect(packet == Self.rtpPlain)
    }

    @Test func aesCmProtectsRTCPToLibsrtpReference() throws {
        let sender = try SRTPSession(profile: .aes128CmHmacSha1_80, key: Self.cmKey, salt: Self.cmSalt, direction: .outbound)
        var packet = Self.rtcpPlain
        try sender.protectRTCP(&packet)
        #expect(packet == Self.cmRTCPCipher)

        let receiver = try SRTPSession(profile: .aes128CmHmacSha1_80, key: Self.cmKey, salt: Self.cmSalt, direction: .inbound)
        try receiver.unprotectRTCP(&packet)
        #expect(packet == Self.rtcpPlain)
    }

    @Test func gcmProtectsRTPToLibsrtpReference() throws {
        let sender = try SRTPSession(profile: .aeadAes128Gcm, key: Self.gcmKey, salt: Self.gcmSalt, direction: .outbound)
        var packet = Self.rtpPlain
        try sender.protectRTP(&packet)
        #expect(packet == Self.gcmRTPCipher)

        let receiver = try SRTPSession(profile: .aeadAes128Gcm, key: Self.gcmKey, salt: Self.gcmSalt, direction: .inbound)
        try receiver.unprotectRTP(&packet)
        #expect(packet == Self.rtpPlain)
    }

    @Test func gcmProtectsRTCPToLibsrtpReference() throws {
        let sender = try SRTPSession(profile: .aeadAes128Gcm, key: Self.gcmKey, salt: Self.gcmSalt, direction: .outbound)
        var packet = Self.rtcpPlain
        try sender.protectRTCP(&packet)
        #expect(packet == Self.gcmRTCPCipher)

        let receiver = try SRTPSession(profile: .aeadAes128Gcm, key: Self.gcmKey, salt: Self.gcmSalt, direction: .inbound)
        try receiver.unprotectRTCP(&packet)
        #expect(packet == Self.rtcpPlain)
    }

    @Test func overheadMatchesProfile() throws {
        for profile in [SRTPProfile.aes128CmHmacSha1_80, .aeadAes128Gcm] {
            let sender = try SRTPSession(profile: profile, key: Array(repeating: 1, count: profile.keyLength),
                                         salt: Array(repeating: 2, count: profile.saltLength), direction: .outbound)
            var rtp = Self.rtpPlain
            try sender.protectRTP(&rtp)
            #expect(rtp.count == Self.rtpPlain.count + profile.rtpOverhead)
            var rtcp = Self.rtcpPlain
            try sender.protectRTCP(&rtcp)
            #expect(rtcp.count == Self.rtcpPlain.count + profile.rtcpOverhead)
        }
    }
}
