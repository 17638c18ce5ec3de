// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// The `a=fmtp` parameters of an H.264 payload type that decide whether two endpoints can
/// exchange it (RFC 6184 8.1, 8.2.2): profile and level, packetization mode, and whether the two
/// directions may use different levels. Other parameters (max-mbps, sprop-parameter-sets, ...)
/// are not kept.
public struct H264FormatParameters: Hashable, Sendable, CustomStringConvertible {
    public var profileLevelID: H264ProfileLevelID
    /// 0: single NAL unit packets only; 1: non-interleaved (STAP-A and FU-A too), what WebRTC
    /// uses; 2: interleaved. RFC 6184 8.1: 0 when absent.
    public var packetizationMode: Int
    /// RFC 6184 8.1 `level-asymmetry-allowed`: each side may send at the level the other
    /// declares it can receive, rather than both at the lower one. False when absent.
    public var levelAsymmetryAllowed: Bool

    public init(profileLevelID: H264ProfileLevelID = .constrainedBaseline3_1, packetizationMode: Int = 1,
                levelAsymmetryAllowed: Bool = true) {
        self.profileLevelID = profileLevelID
        self.packetizationMode = packetizationMode
        self.levelAsymmetryAllowed = levelAsymmetryAllowed
    }

    /// What this project offers: Constrained Baseline 3.1, packetization-mode 1, level asymmetry
    /// allowed (the parameters browsers offer for their main H.264 payload type).
    public static let local = H264FormatParameters()

    /// Reads the parameters from a lookup of fmtp values by name (for instance
    /// `{ codec.parameters.value(of: $0) }` in the SDP layer); absent ones take RFC 6184's
    /// defaults. Throws on a malformed `profile-level-id` or packetization-mode.
    public init(value: (String) -> String?) throws(ParseError) {
        if let text = value("profile-level-id") {
            profileLevelID = try H264ProfileLevelID(parsing: text.trimmingSpaces)
        } else {
            profileLevelID = .rfcDefault
        }
        if let text = value("packetization-mode") {
            guard let mode = Int(text.trimmingSpaces), (0...2).contains(mode) else {
                throw ParseError("H.264 packetization-mode \"\(text)\" is not 0, 1 or 2")
            }
            packetizationMode = mode
        } else {
            packetizationMode = 0
        }
        levelAsymmetryAllowed = value("level-asymmetry-allowed")?.trimmingSpaces == "1"
    }

    /// Reads the text after "a=fmtp:PT ": ";"-separated name=value pairs, names in any case.
    public init(fmtp text: String) throws(ParseError) {
        var values: [String: String] = [:]
        for piece in text.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingSpaces.lowercased()
            if values[name] == nil { values[name] = String(pair[1]) }
        }
        try self.init(value: { values[$0.lowercased()] })
    }

    /// The parameters as name and value, in the order browsers write them.
    public var parameters: [(name: String, value: String)] {
        [("level-asymmetry-allowed", levelAsymmetryAllowed ? "1" : "0"),
         ("packetization-mode", String(packetizationMode)),
         ("profile-level-id", profileLevelID.description)]
    }

    /// The text after "a=fmtp:PT ".
    public var fmtp: String { parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ";") }

    public var description: String { fmtp }

    /// Whether a remote payload type with these parameters can pair with ours (RFC 6184 8.2.2):
    /// the same profile by Table 5 (42e01f and 4de01f are both Constrained Baseline; Baseline is
    /// not, since its decoders may meet FMO and ASO that ours refuse) and the same packetization
    /// mode. Levels may differ: `level(answering:)` settles them. Profiles outside Table 5 are
    /// compatible with nothing.
    public func isCompatible(with remote: H264FormatParameters) -> Bool {
        guard let profile = profileLevelID.profile else { return false }
        return profile == remote.profileLevelID.profile && packetizationMode == remote.packetizationMode
    }

    /// The level to declare when answering `offer` with our parameters (RFC 6184 8.2.2): our own
    /// when both sides allow level asymmetry (each sends what the other can receive), otherwise
    /// the lower of the two, which both then use.
    public func level(answering offer: H264FormatParameters) -> H264Level {
        let ours = profileLevelID.level
        if levelAsymmetryAllowed && offer.levelAsymmetryAllowed { return ours }
        return min(ours, offer.profileLevelID.level)
    }

    /// Our parameters as an answer to a compatible `offer`: our profile spelled as the offer
    /// spells it, the level from `level(answering:)`, the offer's packetization mode. Nil when
    /// the offer is not compatible.
    public func answer(to offer: H264FormatParameters) -> H264FormatParameters? {
        guard isCompatible(with: offer) else { return nil }
        let level = level(answering: offer)
        var profileLevelID = offer.profileLevelID
        let constraintSet3 = H264ProfileLevelID.constraintSet3
        if H264ProfileLevelID.codesLevel1bWithConstraintSet3(profileLevelID.profileIDC) {
            profileLevelID.profileIOP &= ~constraintSet3
            if level == .level1b {
                profileLevelID.profileIOP |= constraintSet3
                profileLevelID.levelIDC = 11
            } else {
                profileLevelID.levelIDC = level.levelIDC
            }
        } else {
            profileLevelID.levelIDC = level.levelIDC
        }
        return H264FormatParameters(profileLevelID: profileLevelID, packetizationMode: offer.packetizationMode,
                                    levelAsymmetryAllowed: levelAsymmetryAllowed && offer.levelAsymmetryAllowed)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
