/// The PCM layout the call uses on the wire and the devices: interleaved S16LE, usually 48 kHz, in fixed periods.
public struct AudioFormat: Equatable, Sendable {
    public var sampleRate: Int
    public var channels: Int
    /// 10 or 20 ms: the Opus frame sizes the call uses, so one period is one encoder frame.
    public var periodMilliseconds: Int

    public init(sampleRate: Int = 48000, channels: Int = 1, periodMilliseconds: Int = 20) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.periodMilliseconds = periodMilliseconds
    }

    public static let voiceMono = AudioFormat()
    public static let stereo = AudioFormat(channels: 2)

    public var framesPerPeriod: Int { sampleRate * periodMilliseconds / 1000 }
    public var samplesPerPeriod: Int { framesPerPeriod * channels }

    /// Nil when usable, otherwise why not (checked before any device is touched).
    var problem: String? {
        if !(1...2).contains(channels) { return "\(channels) channels (only mono or stereo)" }
        if ![10, 20].contains(periodMilliseconds) { return "\(periodMilliseconds) ms periods (only 10 or 20 ms)" }
        if !(8000...192_000).contains(sampleRate) { return "sample rate \(sampleRate) Hz" }
        return nil
    }
}
