import RTCBase
import Testing
@testable import RTCMedia

@Suite struct H264ProfileLevelIDTests {
    /// The values browsers offer, and what RFC 6184 8.1 (Table 5) makes of them.
    @Test(arguments: [
        // 42e01f: profile_idc 66, constraint_set0/1/2 set, level 3.1: Constrained Baseline.
        ("42e01f", 0x42, 0xE0, 0x1F, H264Profile.constrainedBaseline, "3.1"),
        // 42001f: profile_idc 66 without constraint_set1: Baseline (FMO, ASO allowed).
        ("42001f", 0x42, 0x00, 0x1F, .baseline, "3.1"),
        // 4d001f: profile_idc 77 without constraint_set0: Main.
        ("4d001f", 0x4D, 0x00, 0x1F, .main, "3.1"),
        // 640c1f: profile_idc 100 with constraint_set4/5: Constrained High.
        ("640c1f", 0x64, 0x0C, 0x1F, .constrainedHigh, "3.1"),
        ("64001f", 0x64, 0x00, 0x1F, .high, "3.1"),
        // The other spellings of Constrained Baseline: 42 with constraint_set1, 4d with
        // constraint_set0, 58 with constraint_set0 and 1.
        ("42c01e", 0x42, 0xC0, 0x1E, .constrainedBaseline, "3"),
        ("42401f", 0x42, 0x40, 0x1F, .constrainedBaseline, "3.1"),
        ("4de01f", 0x4D, 0xE0, 0x1F, .constrainedBaseline, "3.1"),
        ("4d801f", 0x4D, 0x80, 0x1F, .constrainedBaseline, "3.1"),
        ("58f01f", 0x58, 0xF0, 0x1F, .constrainedBaseline, "3.1"),
        ("58a01f", 0x58, 0xA0, 0x1F, .baseline, "3.1"),
        ("4d401f", 0x4D, 0x40, 0x1F, .main, "3.1"),
        ("58001f", 0x58, 0x00, 0x1F, .extended, "3.1"),
        // Level 1b: level_idc 11 with constraint_set3 in Baseline, 9 in High.
        ("42f00b", 0x42, 0xF0, 0x0B, .constrainedBaseline, "1b"),
        ("42e00b", 0x42, 0xE0, 0x0B, .constrainedBaseline, "1.1"),
        ("640c09", 0x64, 0x0C, 0x09, .constrainedHigh, "1b"),
        ("42C02A", 0x42, 0xC0, 0x2A, .constrainedBaseline, "4.2"),
    ] as [(String, Int, Int, Int, H264Profile, String)])
    func browserValues(text: String, idc: Int, iop: Int, level: Int, profile: H264Profile, levelName: String) throws {
        let id = try H264ProfileLevelID(parsing: text)
        #expect(id.profileIDC == UInt8(idc) && id.profileIOP == UInt8(iop) && id.levelIDC == UInt8(level))
        #expect(id.profile == profile)
        #expect(id.level.description == levelName)
        #expect(id.isConstrainedBaseline == (profile == .constrainedBaseline))
        #expect(id.description == text.lowercased())
    }

    @Test func profilesOutsideTheTableAreNil() throws {
        // High 10, a 42 with constraint_set4 (a reserved combination), High 4:4:4 Predictive.
        for text in ["6e001f", "42e81f", "f4001f", "640400", "000000"] {
            #expect(try H264ProfileLevelID(parsing: text).profile == nil, "\(text)")
        }
    }

    @Test(arguments: ["", "42e01", "42e01f0", "42e0 1f", "g2e01f", "0x42e0", "42e01f\n"])
    func malformedTextThrows(text: String) {
        #expect(throws: ParseError.self) { try H264ProfileLevelID(parsing: text) }
    }

    @Test func madeFromProfileAndLevel() {
        #expect(H264ProfileLevelID(profile: .constrainedBaseline, level: .level3_1).description == "42e01f")
        #expect(H264ProfileLevelID(profile: .constrainedBaseline, level: .level1b).description == "42f00b")
        #expect(H264ProfileLevelID(profile: .constrainedHigh, level: H264Level(levelIDC: 52)).description == "640c34")
        #expect(H264ProfileLevelID(profile: .high, level: .level1b).description == "640009")
        #expect(H264ProfileLevelID(profile: .main, level: H264Level(levelIDC: 30)).description == "4d001e")
        for profile in H264Profile.allCases {
            for level in H264Level.defined.map(H264Level.init(levelIDC:)) {
                let id = H264ProfileLevelID(profile: profile, level: level)
                #expect(id.profile == profile && id.level == level, "\(profile) \(level)")
            }
        }
    }

    @Test func defaultsAreTheRFCsAndOurs() {
        #expect(H264ProfileLevelID.rfcDefault.description == "42000a")
        #expect(H264ProfileLevelID.rfcDefault.profile == .baseline && H264ProfileLevelID.rfcDefault.level == .level1)
        #expect(H264ProfileLevelID.constrainedBaseline3_1.description == "42e01f")
    }
}
