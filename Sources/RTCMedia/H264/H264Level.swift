/// An H.264 level (H.264 Table A-1): limits on picture size, rate and bitrate. Ordered, with level
/// 1b between 1 and 1.1.
public struct H264Level: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `level_idc` as H.264 codes it (ten times the level: 31 is 3.1); level 1b is kept as 9 here,
    /// whatever the profile's own coding of it.
    public let levelIDC: UInt8

    public init(levelIDC: UInt8) { self.levelIDC = levelIDC }

    public static let level1b = H264Level(levelIDC: 9)
    public static let level1 = H264Level(levelIDC: 10)
    public static let level3_1 = H264Level(levelIDC: 31)

    /// The `level_idc` values H.264 Table A-1 defines (with 9 for 1b).
    public static let defined: [UInt8] = [9, 10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52, 60, 61, 62]

    public var isDefined: Bool { Self.defined.contains(levelIDC) }

    /// 1b sorts between 1 and 1.1; every other level by its number.
    private var rank: Int { levelIDC == 9 ? 105 : Int(levelIDC) * 10 }

    public static func < (lhs: H264Level, rhs: H264Level) -> Bool { lhs.rank < rhs.rank }

    public var description: String {
        levelIDC == 9 ? "1b" : levelIDC % 10 == 0 ? "\(levelIDC / 10)" : "\(levelIDC / 10).\(levelIDC % 10)"
    }
}
