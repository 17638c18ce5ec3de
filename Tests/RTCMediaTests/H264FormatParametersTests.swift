import RTCBase
import Testing
@testable import RTCMedia

@Suite struct H264FormatParametersTests {
    @Test func readsWhatBrowsersOffer() throws {
        let chrome = try H264FormatParameters(fmtp: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f")
        #expect(chrome.profileLevelID.isConstrainedBaseline && chrome.profileLevelID.level == .level3_1)
        #expect(chrome.packetizationMode == 1 && chrome.levelAsymmetryAllowed)
        #expect(chrome == .local)
        #expect(chrome.fmtp == "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f")
        // Firefox's order and spacing; names in any case; unknown parameters skipped.
        let firefox = try H264FormatParameters(fmtp: "profile-level-id=42e01f; Packetization-Mode=1 ;max-fs=12288;max-mbps=1200000")
        #expect(firefox.profileLevelID == chrome.profileLevelID && firefox.packetizationMode == 1)
        #expect(!firefox.levelAsymmetryAllowed)
    }

    @Test func absentParametersTakeTheRFCDefaults() throws {
        let bare = try H264FormatParameters(fmtp: "")
        #expect(bare.profileLevelID == .rfcDefault && bare.packetizationMode == 0 && !bare.levelAsymmetryAllowed)
        let lookup = try H264FormatParameters(value: { $0 == "packetization-mode" ? "1" : nil })
        #expect(lookup.packetizationMode == 1 && lookup.profileLevelID.description == "42000a")
    }

    @Test(arguments: ["profile-level-id=42e0", "packetization-mode=3", "packetization-mode=one", "profile-level-id=zz001f"])
    func malformedValuesThrow(fmtp: String) {
        #expect(throws: ParseError.self) { try H264FormatParameters(fmtp: fmtp) }
    }

    @Test func compatibilityNeedsTheSameProfileAndPacketizationMode() throws {
        let ours = H264FormatParameters.local
        func remote(_ fmtp: String) throws -> H264FormatParameters { try H264FormatParameters(fmtp: fmtp) }
        #expect(ours.isCompatible(with: try remote("packetization-mode=1;profile-level-id=42e01f")))
        // Another spelling of Constrained Baseline, another level, no asymmetry: still compatible.
        #expect(ours.isCompatible(with: try remote("packetization-mode=1;profile-level-id=4d800d")))
        #expect(ours.isCompatible(with: try remote("packetization-mode=1;profile-level-id=42c034")))
        // Mode 0 is a different payload format; Baseline, Main and High are different profiles.
        #expect(!ours.isCompatible(with: try remote("packetization-mode=0;profile-level-id=42e01f")))
        #expect(!ours.isCompatible(with: try remote("profile-level-id=42e01f")))
        #expect(!ours.isCompatible(with: try remote("packetization-mode=1;profile-level-id=42001f")))
        #expect(!ours.isCompatible(with: try remote("packetization-mode=1;profile-level-id=4d001f")))
        #expect(!ours.isCompatible(with: try remote("packetization-mode=1;profile-level-id=640c1f")))
        // A profile outside RFC 6184's table matches nothing, not even itself.
        let odd = try remote("packetization-mode=1;profile-level-id=6e001f")
        #expect(!odd.isCompatible(with: odd))
    }

    @Test func answerLevelFollowsLevelAsymmetry() throws {
        let ours = H264FormatParameters.local  // 3.1, asymmetry allowed
        let lowerWithAsymmetry = try H264FormatParameters(fmtp: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01e")
        #expect(ours.level(answering: lowerWithAsymmetry) == .level3_1)
        let lowerWithout = try H264FormatParameters(fmtp: "packetization-mode=1;profile-level-id=42e01e")
        #expect(ours.level(answering: lowerWithout) == H264Level(levelIDC: 30))
        let higherWithout = try H264FormatParameters(fmtp: "packetization-mode=1;profile-level-id=42e028")
        #expect(ours.level(answering: higherWithout) == .level3_1)
        let oneB = try H264FormatParameters(fmtp: "packetization-mode=1;profile-level-id=42f00b")
        #expect(ours.level(answering: oneB) == .level1b)
    }

    @Test func answerKeepsTheOfferersSpellingAndSettlesTheLevel() throws {
        let ours = H264FormatParameters.local
        let offer = try H264FormatParameters(fmtp: "packetization-mode=1;profile-level-id=4de00d")
        let answer = try #require(ours.answer(to: offer))
        #expect(answer.profileLevelID.description == "4de00d")
        #expect(answer.packetizationMode == 1 && !answer.levelAsymmetryAllowed)
        let oneB = try #require(ours.answer(to: try H264FormatParameters(fmtp: "packetization-mode=1;profile-level-id=42f00b")))
        #expect(oneB.profileLevelID.description == "42f00b" && oneB.profileLevelID.level == .level1b)
        // Our 3.1 answering an offer at 1b with asymmetry on both sides: level 3.1, constraint_set3 cleared.
        let asymmetric = try #require(ours.answer(to: try H264FormatParameters(
            fmtp: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42f00b")))
        #expect(asymmetric.profileLevelID.description == "42e01f" && asymmetric.levelAsymmetryAllowed)
        #expect(ours.answer(to: try H264FormatParameters(fmtp: "packetization-mode=1;profile-level-id=42001f")) == nil)
    }
}
