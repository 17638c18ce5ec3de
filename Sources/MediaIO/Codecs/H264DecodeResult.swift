/// What the H.264 decoder made of one access unit.
public enum H264DecodeResult: Sendable {
    /// A decoded picture.
    case frame(I420Frame)
    /// The access unit could not be used; the receiver should send a PLI (or FIR) and drop inter
    /// frames until a keyframe arrives, which the decoder enforces itself.
    case needsKeyframe(H264DecodeFailure)
    /// The access unit decoded but holds no picture (parameter sets alone, for one).
    case nothingToShow
}

/// Why the H.264 decoder asked for a keyframe.
public enum H264DecodeFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// An inter frame arrived while the decoder has no trustworthy reference.
    case waitingForKeyframe
    /// The data holds no NAL unit after a start code, or one with the forbidden bit set.
    case malformed
    /// The picture is larger than the decoder accepts.
    case pictureTooLarge(width: Int, height: Int)
    /// libopenh264 rejected the access unit; the text names its DECODING_STATE flags.
    case corrupt(String)

    public var description: String {
        switch self {
        case .waitingForKeyframe: "H.264 decoder is skipping an inter frame until a keyframe replaces its lost reference."
        case .malformed: "H.264 access unit holds no valid NAL unit."
        case let .pictureTooLarge(width, height): "H.264 picture of \(width)x\(height) is larger than allowed."
        case let .corrupt(detail): "H.264 access unit is corrupt: \(detail)."
        }
    }
}
