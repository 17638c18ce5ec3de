// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// What an H.264 access unit rebuilt from RTP carries: whether it is a keyframe (an IDR
/// picture), and whether the parameter sets a decoder needs to start on it came with it.
public struct H264AccessUnitInfo: Equatable, Sendable {
    public var nalUnitCount: Int
    /// An IDR slice: the picture needs no earlier one.
    public var containsIDR: Bool
    public var containsSPS: Bool
    public var containsPPS: Bool
    /// The first SPS that parsed; nil without one (or when none parsed).
    public var sequenceParameterSet: H264SequenceParameterSet?

    public init(nalUnitCount: Int = 0, containsIDR: Bool = false, containsSPS: Bool = false, containsPPS: Bool = false,
                sequenceParameterSet: H264SequenceParameterSet? = nil) {
        self.nalUnitCount = nalUnitCount
        self.containsIDR = containsIDR
        self.containsSPS = containsSPS
        self.containsPPS = containsPPS
        self.sequenceParameterSet = sequenceParameterSet
    }

    /// Looks at each NAL unit (whole, header byte first).
    public init<S: Sequence>(nalUnits: S) where S.Element == ArraySlice<UInt8> {
        self.init()
        for unit in nalUnits { add(unit) }
    }

    mutating func add(_ unit: ArraySlice<UInt8>) {
        guard let first = unit.first else { return }
        nalUnitCount += 1
        switch H264NALUnitHeader(first).type {
        case .idrSlice: containsIDR = true
        case .sps:
            containsSPS = true
            if sequenceParameterSet == nil { sequenceParameterSet = try? H264SequenceParameterSet(nalUnit: unit) }
        case .pps: containsPPS = true
        default: break
        }
    }

    /// A keyframe with its SPS and PPS: a decoder that has seen nothing before can start here.
    public var isSelfContained: Bool { containsIDR && containsSPS && containsPPS }
}
