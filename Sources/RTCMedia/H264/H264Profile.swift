/// The H.264 profiles a WebRTC endpoint negotiates, as RFC 6184 8.1 (Table 5) reads them from
/// `profile_idc` and the constraint flags: several byte pairs name the same profile.
public enum H264Profile: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Baseline without FMO, ASO and redundant slices (H.264 A.2.1.1): what every WebRTC
    /// endpoint must decode (RFC 7742 6.2), and the only profile this project encodes.
    case constrainedBaseline
    case baseline
    case main
    case extended
    case high
    /// High without B slices and with progressive pictures only (constraint_set4 and 5 set,
    /// H.264 A.2.4.2); not in RFC 6184's table, but offered by browsers as 640c.
    case constrainedHigh

    public var description: String {
        switch self {
        case .constrainedBaseline: "Constrained Baseline"
        case .baseline: "Baseline"
        case .main: "Main"
        case .extended: "Extended"
        case .high: "High"
        case .constrainedHigh: "Constrained High"
        }
    }

    /// RFC 6184 Table 5 (plus Constrained High): for each profile_idc, the profile-iop bit
    /// patterns that mean a profile, the first match winning. Each pattern is (mask, value): the
    /// bits under the mask must equal the value; the others ("x" in the RFC) do not matter.
    static let table: [(profileIDC: UInt8, mask: UInt8, value: UInt8, profile: H264Profile)] = [
        (0x42, 0b0100_1111, 0b0100_0000, .constrainedBaseline),  // x1xx0000
        (0x4D, 0b1000_1111, 0b1000_0000, .constrainedBaseline),  // 1xxx0000
        (0x58, 0b1100_1111, 0b1100_0000, .constrainedBaseline),  // 11xx0000
        (0x42, 0b0100_1111, 0b0000_0000, .baseline),  // x0xx0000
        (0x58, 0b1100_1111, 0b1000_0000, .baseline),  // 10xx0000
        (0x4D, 0b1010_1111, 0b0000_0000, .main),  // 0x0x0000
        (0x58, 0b1100_1111, 0b0000_0000, .extended),  // 00xx0000
        (0x64, 0b1111_1111, 0b0000_0000, .high),  // 00000000
        (0x64, 0b1111_1111, 0b0000_1100, .constrainedHigh),  // 00001100
    ]

    /// The profile a `profile_idc` and `profile-iop` pair means; nil for the ones WebRTC does
    /// not use (High 10, 4:2:2, 4:4:4, scalable, multiview) or combinations the table lacks.
    public init?(profileIDC: UInt8, profileIOP: UInt8) {
        guard let row = Self.table.first(where: { $0.profileIDC == profileIDC && profileIOP & $0.mask == $0.value }) else {
            return nil
        }
        self = row.profile
    }
}
