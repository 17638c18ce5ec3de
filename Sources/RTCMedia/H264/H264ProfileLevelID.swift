// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// The SDP `profile-level-id` of H.264 (RFC 6184 8.1): three bytes of a sequence parameter set,
/// written as six hex digits: `profile_idc`, a byte of constraint flags RFC 6184 calls
/// `profile-iop` (constraint_set0_flag first, down to constraint_set5_flag and two reserved zero
/// bits), and `level_idc`. "42e01f" is Constrained Baseline, level 3.1.
public struct H264ProfileLevelID: Hashable, Sendable, CustomStringConvertible {
    public var profileIDC: UInt8
    public var profileIOP: UInt8
    public var levelIDC: UInt8

    public init(profileIDC: UInt8, profileIOP: UInt8, levelIDC: UInt8) {
        self.profileIDC = profileIDC
        self.profileIOP = profileIOP
        self.levelIDC = levelIDC
    }

    /// A profile and level as the first of RFC 6184 Table 5's spellings writes them (Constrained
    /// Baseline as 42e0: constraint_set0, 1 and 2 set, as browsers write it). Level 1b
    /// becomes level_idc 11 with constraint_set3 for Baseline, Main and Extended, 9 for High.
    public init(profile: H264Profile, level: H264Level) {
        let (idc, iop): (UInt8, UInt8) = switch profile {
        case .constrainedBaseline: (0x42, 0xE0)
        case .baseline: (0x42, 0x00)
        case .main: (0x4D, 0x00)
        case .extended: (0x58, 0x00)
        case .high: (0x64, 0x00)
        case .constrainedHigh: (0x64, 0x0C)
        }
        if level == .level1b, Self.codesLevel1bWithConstraintSet3(idc) {
            self.init(profileIDC: idc, profileIOP: iop | Self.constraintSet3, levelIDC: 11)
        } else {
            self.init(profileIDC: idc, profileIOP: iop, levelIDC: level.levelIDC)
        }
    }

    /// RFC 6184 8.1: without `profile-level-id` a stream is Baseline, level 1.
    public static let rfcDefault = H264ProfileLevelID(profileIDC: 0x42, profileIOP: 0x00, levelIDC: 10)
    /// What this project offers and sends: Constrained Baseline, level 3.1 (1280x720 at 30 fps).
    public static let constrainedBaseline3_1 = H264ProfileLevelID(profileIDC: 0x42, profileIOP: 0xE0, levelIDC: 31)

    static let constraintSet3: UInt8 = 0x10

    /// Baseline, Main and Extended write level 1b as level_idc 11 with constraint_set3 (H.264
    /// A.3.1); in those profiles constraint_set3 means nothing else.
    static func codesLevel1bWithConstraintSet3(_ profileIDC: UInt8) -> Bool { [0x42, 0x4D, 0x58].contains(profileIDC) }

    /// Six hex digits, either case.
    public init(parsing text: String) throws(ParseError) {
        let digits = Array(text.utf8)
        guard digits.count == 6 else {
            throw ParseError("H.264 profile-level-id \"\(text)\" is not 6 hex digits")
        }
        var bytes: [UInt8] = []
        for pair in stride(from: 0, to: 6, by: 2) {
            guard let high = Self.hexValue(digits[pair]), let low = Self.hexValue(digits[pair + 1]) else {
                throw ParseError("H.264 profile-level-id \"\(text)\" is not 6 hex digits")
            }
            bytes.append(high << 4 | low)
        }
        self.init(profileIDC: bytes[0], profileIOP: bytes[1], levelIDC: bytes[2])
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Six lowercase hex digits, as browsers write it.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        let text = [profileIDC, profileIOP, levelIDC].flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }
        return String(decoding: text, as: UTF8.self)
    }

    /// The profile by RFC 6184 Table 5; nil for profiles WebRTC does not negotiate.
    public var profile: H264Profile? { H264Profile(profileIDC: profileIDC, profileIOP: profileIOP) }

    /// The level; level 1b is coded as 11 with constraint_set3 in Baseline, Main and Extended
    /// (H.264 A.3.1, A.3.2), and as 9 in the High profiles.
    public var level: H264Level {
        if levelIDC == 11, profileIOP & Self.constraintSet3 != 0, Self.codesLevel1bWithConstraintSet3(profileIDC) {
            return .level1b
        }
        return H264Level(levelIDC: levelIDC)
    }

    /// Constrained Baseline in any of its spellings (42e0, 42c0, 4240, 4d80..., 58c0...): a
    /// stream every Constrained Baseline decoder can take.
    public var isConstrainedBaseline: Bool { profile == .constrainedBaseline }
}
