/// What the VP8 decoder made of one compressed frame.
public enum VP8DecodeResult: Sendable {
    /// A decoded picture.
    case frame(I420Frame)
    /// The frame could not be used; the receiver should send a PLI (or FIR) and drop inter frames
    /// until a keyframe arrives, which the decoder enforces itself.
    case needsKeyframe(VP8DecodeFailure)
    /// The frame decoded but updates references only and has no picture to show (rare in calls).
    case nothingToShow
}

/// Why the VP8 decoder asked for a keyframe.
public enum VP8DecodeFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// An inter frame arrived while the decoder has no trustworthy reference.
    case waitingForKeyframe
    /// The data is too short or its header is not VP8.
    case malformedHeader
    /// A keyframe declares a picture larger than the decoder accepts.
    case pictureTooLarge(width: Int, height: Int)
    /// libvpx rejected the frame or flagged the result as corrupted.
    case corrupt(String)

    public var description: String {
        switch self {
        case .waitingForKeyframe: "VP8 decoder is skipping an inter frame until a keyframe replaces its lost reference."
        case .malformedHeader: "VP8 frame is too short or its header is not VP8."
        case let .pictureTooLarge(width, height): "VP8 keyframe declares a \(width)x\(height) picture, larger than allowed."
        case let .corrupt(detail): "VP8 frame is corrupt: \(detail)."
        }
    }
}
