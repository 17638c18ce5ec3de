/// One frame size a camera offers for a pixel format, with its frame rates.
public struct VideoFrameSize: Equatable, Sendable, Encodable {
    public var width: Int
    public var height: Int
    /// Frames per second, highest first; empty when the driver does not say.
    public var framesPerSecond: [Double]
}

/// One pixel format a camera offers (VIDIOC_ENUM_FMT), with its sizes.
public struct VideoFormatInfo: Equatable, Sendable, Encodable {
    /// The four-character code, such as "YUYV" or "MJPG".
    public var fourCC: String
    public var description: String
    /// True when libv4lconvert provides it by converting another format.
    public var isEmulated: Bool
    public var sizes: [VideoFrameSize]
}

/// A /dev/video* node and what it can do.
public struct VideoDeviceInfo: Equatable, Sendable, Encodable {
    public var path: String
    public var driver: String
    /// The product name ("Integrated Camera").
    public var card: String
    public var busInfo: String
    public var canCapture: Bool
    public var canStream: Bool
    public var formats: [VideoFormatInfo]
    /// Why the node could not be examined (permission denied, busy), nil when it could.
    public var problem: String?
}
