import Testing
@testable import RTCTURN

/// TURN REST credentials (coturn's use-auth-secret) and the base64 under them.
@Suite struct TURNRestCredentialTests {
    @Test func usernameAndPasswordMatchAnIndependentComputation() {
        let credential = TURNRestCredential(secret: "north", user: "alice", validFor: .seconds(3600), now: 1_700_000_000)
        #expect(credential.username == "1700003600:alice")
        #expect(credential.expiry == 1_700_003_600)
        // base64(HMAC-SHA1("north", "1700003600:alice")), computed with Python's hmac module.
        #expect(credential.password == "wjwSXO2ch1B6VaLTLMy2Avn5O9o=")
        #expect(TURNRestCredential.password(forUsername: "1700003600:alice", secret: "north") == credential.password)
        #expect(credential.longTermCredential == LongTermCredential(username: "1700003600:alice", password: "wjwSXO2ch1B6VaLTLMy2Avn5O9o="))
    }

    @Test func expiredAndAnonymousCredentials() {
        let expired = TURNRestCredential(secret: "s", user: "bob", validFor: .seconds(-60), now: 1_000)
        #expect(expired.username == "940:bob")
        let anonymous = TURNRestCredential(secret: "s", user: "", validFor: .seconds(10), now: 1_000)
        #expect(anonymous.username == "1010")
        let custom = TURNRestCredential(secret: "s", user: "bob", validFor: .seconds(10), now: 1_000, separator: "-")
        #expect(custom.username == "1010-bob")
    }

    @Test func expiryIsReadBackFromAUsername() {
        #expect(TURNRestCredential.expiry(ofUsername: "1700003600:alice") == 1_700_003_600)
        #expect(TURNRestCredential.expiry(ofUsername: "1700003600") == 1_700_003_600)
        #expect(TURNRestCredential.expiry(ofUsername: "alice:1700003600") == nil)
        #expect(TURNRestCredential.expiry(ofUsername: "") == nil)
        #expect(TURNRestCredential.expiry(ofUsername: "١٢:x") == nil)
    }

    @Test func base64MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (input, output) in vectors { #expect(Base64.encode(Array(input.utf8)) == output) }
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
    }
}
