import Testing
@testable import RTCSecurity

/// RFC 5764 section 4.2: the exporter output is client key, server key, client salt, server salt.
@Suite struct SRTPKeyingMaterialTests {
    @Test(arguments: [SRTPProfile.aes128CmHmacSha1_80, .aeadAes128Gcm])
    func splitsTheExporterOutputByRole(profile: SRTPProfile) throws {
        let key = profile.keyLength
        let salt = profile.saltLength
        let exported = (0..<(2 * (key + salt))).map { UInt8($0) }
        let client = try #require(SRTPKeyingMaterial(exported: exported, profile: profile, isClient: true))
        let server = try #require(SRTPKeyingMaterial(exported: exported, profile: profile, isClient: false))
        #expect(client.localKey == Array(exported[0..<key]))
        #expect(client.remoteKey == Array(exported[key..<2 * key]))
        #expect(client.localSalt == Array(exported[2 * key..<2 * key + salt]))
        #expect(client.remoteSalt == Array(exported[(2 * key + salt)...]))
        #expect(server.localKey == client.remoteKey && server.remoteKey == client.localKey)
        #expect(server.localSalt == client.remoteSalt && server.remoteSalt == client.localSalt)
        #expect(SRTPKeyingMaterial(exported: Array(exported.dropLast()), profile: profile, isClient: true) == nil)
        #expect(!"\(client)".contains("\(exported[0])\(exported[1])"), "keys stay out of descriptions")
    }

    @Test func profileIdentifiersRoundTrip() {
        #expect(SRTPProfile(protectionProfileID: 0x0001) == .aes128CmHmacSha1_80)
        #expect(SRTPProfile(protectionProfileID: 0x0007) == .aeadAes128Gcm)
        #expect(SRTPProfile(protectionProfileID: 0x0002) == nil)
        for profile in [SRTPProfile.aes128CmHmacSha1_80, .aeadAes128Gcm] {
            #expect(SRTPProfile(protectionProfileID: profile.protectionProfileID) == profile)
        }
    }
}
