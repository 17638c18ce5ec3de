import Testing
import COpenSSL
import RTCBase
@testable import RTCSecurity

/// RFC 7714 section 16.1 (SRTP) and 17.1 (SRTCP) AEAD_AES_128_GCM packets.
///
/// The RFC gives *session* keys and salts, while libsrtp (and so `SRTPSession`) only accepts
/// *master* keys and always runs the RFC 3711 key derivation. So the check is a chain:
/// 1. a small independent model (OpenSSL EVP AES-GCM with the RFC 7714 IV and AAD layout) turns
///    the RFC's session key, salt and plaintext into the RFC's exact protected bytes;
/// 2. the model plus RFC 3711 section 4.3 key derivation reproduces libsrtp's own GCM reference
///    packet from its master key;
/// 3. `SRTPSession`, keyed with a master key, protects the RFC 7714 packets to exactly what the model
///    computes from the derived session keys, and unprotects them back.
@Suite struct SRTPRFC7714Tests {
    static let key = [UInt8](hex: "000102030405060708090a0b0c0d0e0f")!
    static let salt = [UInt8](hex: "517569642070726f2071756f")!
    static let rtpPlain = [UInt8](hex: """
        8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573
        """)!
    /// RFC 7714 section 16.1.1: header, ciphertext, 16-byte tag.
    static let rtpProtected = [UInt8](hex: """
        8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a
        51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce
        """)!
    static let rtcpPlain = [UInt8](hex: """
        81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef
        """)!
    static let rtcpIndex: UInt32 = 0x5d4
    /// RFC 7714 section 17.1: header, ciphertext, tag, then E flag and SRTCP index.
    static let rtcpProtected = [UInt8](hex: """
        81c8000d 4d617273 63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b
        c84aa45896cf4d2fc5abf87245d9eade 800005d4
        """)!

    // MARK: Model

    static func gcmSeal(key: [UInt8], iv: [UInt8], aad: [UInt8], plaintext: [UInt8]) -> [UInt8] {
        guard let context = EVP_CIPHER_CTX_new() else { return [] }
        defer { EVP_CIPHER_CTX_free(context) }
        var length: Int32 = 0
        var out = [UInt8](repeating: 0, count: plaintext.count + 16)
        guard EVP_EncryptInit_ex(context, EVP_aes_128_gcm(), nil, key, iv) == 1,
              EVP_EncryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1
        else { return [] }
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(context, &out, &length, plaintext, Int32(plaintext.count)) == 1 else { return [] }
        }
        var tag = [UInt8](repeating: 0, count: 16)
        guard EVP_EncryptFinal_ex(context, &out, &length) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, 16, &tag) == 1
        else { return [] }
        return Array(out.prefix(plaintext.count)) + tag
    }

    /// RFC 7714 section 8.1: IV = salt XOR (00 00 || SSRC || ROC || SEQ).
    static func protectRTPModel(_ packet: [UInt8], key: [UInt8], salt: [UInt8], rolloverCounter: UInt32 = 0) -> [UInt8] {
        var iv = [UInt8](repeating: 0, count: 12)
        iv[2..<6] = packet[8..<12]
        for shift in 0..<4 { iv[6 + shift] = UInt8(truncatingIfNeeded: rolloverCounter >> (24 - 8 * UInt32(shift))) }
        iv[10..<12] = packet[2..<4]
        for index in 0..<12 { iv[index] ^= salt[index] }
        let header = Array(packet.prefix(12))
        return header + gcmSeal(key: key, iv: iv, aad: header, plaintext: Array(packet.dropFirst(12)))
    }

    /// RFC 7714 section 9.1: IV = salt XOR (00 00 || SSRC || 00 00 || 0 || index); AAD = header || E || index.
    static func protectRTCPModel(_ packet: [UInt8], key: [UInt8], salt: [UInt8], index: UInt32) -> [UInt8] {
        var iv = [UInt8](repeating: 0, count: 12)
        iv[2..<6] = packet[4..<8]
        let word = (0x8000_0000 | index)
        let wordBytes = (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) }
        for shift in 0..<4 { iv[8 + shift] = UInt8(truncatingIfNeeded: index >> (24 - 8 * UInt32(shift))) }
        for position in 0..<12 { iv[position] ^= salt[position] }
        let header = Array(packet.prefix(8))
        return header + gcmSeal(key: key, iv: iv, aad: header + wordBytes, plaintext: Array(packet.dropFirst(8))) + wordBytes
    }

    /// RFC 3711 section 4.3.1 with key_derivation_rate 0: AES-CM keystream under the master key from
    /// IV = (master salt, zero-padded to 14 bytes, XOR label at byte 7) || 00 00.
    static func derive(label: UInt8, length: Int, masterKey: [UInt8], masterSalt: [UInt8]) -> [UInt8] {
        var iv = [UInt8](repeating: 0, count: 16)
        for (index, byte) in masterSalt.prefix(14).enumerated() { iv[index] = byte }
        iv[7] ^= label
        guard let context = EVP_CIPHER_CTX_new() else { return [] }
        defer { EVP_CIPHER_CTX_free(context) }
        let zeros = [UInt8](repeating: 0, count: length)
        var out = [UInt8](repeating: 0, count: length + 16)
        var written: Int32 = 0
        guard EVP_EncryptInit_ex(context, EVP_aes_128_ctr(), nil, masterKey, iv) == 1,
              EVP_EncryptUpdate(context, &out, &written, zeros, Int32(length)) == 1
        else { return [] }
        return Array(out.prefix(length))
    }

    struct SessionKeys { var rtpKey, rtpSalt, rtcpKey, rtcpSalt: [UInt8] }

    static func sessionKeys(masterKey: [UInt8], masterSalt: [UInt8]) -> SessionKeys {
        SessionKeys(rtpKey: derive(label: 0, length: 16, masterKey: masterKey, masterSalt: masterSalt),
                    rtpSalt: derive(label: 2, length: 12, masterKey: masterKey, masterSalt: masterSalt),
                    rtcpKey: derive(label: 3, length: 16, masterKey: masterKey, masterSalt: masterSalt),
                    rtcpSalt: derive(label: 5, length: 12, masterKey: masterKey, masterSalt: masterSalt))
    }

    // MARK: Tests

    @Test func modelReproducesTheRFCPackets() {
        #expect(Self.protectRTPModel(Self.rtpPlain, key: Self.key, salt: Self.salt) == Self.rtpProtected)
        #expect(Self.protectRTCPModel(Self.rtcpPlain, key: Self.key, salt: Self.salt, index: Self.rtcpIndex) == Self.rtcpProtected)
    }

    @Test func modelKeyDerivationReproducesLibsrtpReference() {
        let keys = Self.sessionKeys(masterKey: SRTPVectorTests.gcmKey, masterSalt: SRTPVectorTests.gcmSalt)
        #expect(Self.protectRTPModel(SRTPVectorTests.rtpPlain, key: keys.rtpKey, salt: keys.rtpSalt) == SRTPVectorTests.gcmRTPCipher)
        #expect(Self.protectRTCPModel(SRTPVectorTests.rtcpPlain, key: keys.rtcpKey, salt: keys.rtcpSalt, index: 1)
                == SRTPVectorTests.gcmRTCPCipher)
    }

    @Test func sessionProtectsTheRFCRTPPacketLikeTheModel() throws {
        // The RFC's key and salt, used here as the master key and salt.
        let keys = Self.sessionKeys(masterKey: Self.key, masterSalt: Self.salt)
        let expected = Self.protectRTPModel(Self.rtpPlain, key: keys.rtpKey, salt: keys.rtpSalt)
        let sender = try SRTPSession(profile: .aeadAes128Gcm, key: Self.key, salt: Self.salt, direction: .outbound)
        var packet = Self.rtpPlain
        try sender.protectRTP(&packet)
        #expect(packet == expected)
        #expect(packet.count == Self.rtpProtected.count)
        let receiver = try SRTPSession(profile: .aeadAes128Gcm, key: Self.key, salt: Self.salt, direction: .inbound)
        try receiver.unprotectRTP(&packet)
        #expect(packet == Self.rtpPlain)
    }

    @Test func sessionProtectsTheRFCRTCPPacketLikeTheModel() throws {
        let keys = Self.sessionKeys(masterKey: Self.key, masterSalt: Self.salt)
        let expected = Self.protectRTCPModel(Self.rtcpPlain, key: keys.rtcpKey, salt: keys.rtcpSalt, index: Self.rtcpIndex)
        let sender = try SRTPSession(profile: .aeadAes128Gcm, key: Self.key, salt: Self.salt, direction: .outbound)
        let receiver = try SRTPSession(profile: .aeadAes128Gcm, key: Self.key, salt: Self.salt, direction: .inbound)
        // libsrtp numbers SRTCP packets from 1; walk up to the RFC's index 0x5d4.
        for _ in 1..<Self.rtcpIndex {
            var filler = Self.rtcpPlain
            try sender.protectRTCP(&filler)
        }
        var packet = Self.rtcpPlain
        try sender.protectRTCP(&packet)
        #expect(packet == expected)
        #expect(Array(packet.suffix(4)) == [0x80, 0x00, 0x05, 0xd4])
        try receiver.unprotectRTCP(&packet)
        #expect(packet == Self.rtcpPlain)
    }
}
