import MediaIO
import RTCMedia

/// Where outgoing video comes from: a camera, a file or the test pattern. Called from the
/// publisher's thread only.
public protocol VideoSource: AnyObject {
    /// A short name for the UI ("test pattern", "/dev/video0", "clip.y4m").
    var label: String { get }
    /// The next picture; `number` and `captureMicros` are stamped by synthetic sources so a
    /// receiver can measure drops and latency. nil when no new picture is ready.
    func nextFrame(number: UInt32, captureMicros: Int64) -> I420Frame?
    func stop()
}

/// Where outgoing audio comes from: 20 ms of 48 kHz mono per call.
public protocol AudioSource: AnyObject {
    var label: String { get }
    /// 960 samples, or nil when none are ready yet (a device that has not filled a period).
    func nextFrame() -> [Int16]?
    func stop()
}

extension VideoSource {
    public func stop() {}
}

extension AudioSource {
    public func stop() {}
}

/// A video source whose frames are already VP8 (the publisher sends them as they are).
public protocol EncodedVideoSource: VideoSource {
    /// What the frames are: a call that negotiated another codec cannot send them.
    var codec: VideoCodec { get }
    func nextEncodedFrame(keyframeRequested: Bool) -> [UInt8]?
}

/// An audio source whose packets are already Opus.
public protocol EncodedAudioSource: AudioSource {
    func nextPacket() -> [UInt8]?
}

extension EncodedVideoSource {
    public func nextFrame(number: UInt32, captureMicros: Int64) -> I420Frame? { nil }
}

extension EncodedAudioSource {
    public func nextFrame() -> [Int16]? { nil }
}
