import MediaIO

/// A Y4M file played in a loop, scaled to the encoder's size.
public final class Y4MVideoSource: VideoSource {
    private let path: String
    private var reader: Y4MReader
    private let width: Int
    private let height: Int
    public var label: String { path.split(separator: "/").last.map(String.init) ?? path }

    public init(path: String, width: Int, height: Int) throws(MediaFileError) {
        self.path = path
        reader = try Y4MReader(path: path)
        self.width = width
        self.height = height
        // Fail now, not mid-call, when the file has no picture at all.
        guard try reader.readFrame() != nil else {
            throw MediaFileError(file: path, offset: nil, reason: "has no frames")
        }
        reader = try Y4MReader(path: path)
    }

    public func nextFrame(number: UInt32, captureMicros: Int64) -> I420Frame? {
        var frame = try? reader.readFrame()
        if frame == nil, let again = try? Y4MReader(path: path) {
            reader = again
            frame = try? reader.readFrame()
        }
        guard var picture = frame else { return nil }
        if picture.width != width || picture.height != height { picture = picture.scaled(toWidth: width, height: height) }
        picture.timestampMicros = captureMicros
        return picture
    }
}

/// A WAV file (48 kHz, mono or stereo) played in a loop, downmixed to mono.
public final class WAVAudioSource: AudioSource {
    private let samples: [Int16]
    private var position = 0
    public let label: String

    public init(path: String) throws(MediaFileError) {
        let reader = try WAVReader(path: path)
        guard reader.sampleRate == 48_000 else {
            throw MediaFileError(file: path, offset: nil, reason: "is \(reader.sampleRate) Hz; convert it to 48000 Hz (e.g. sox in.wav -r 48000 out.wav)")
        }
        let all = try reader.readAll()
        if reader.channels == 2 {
            var mono: [Int16] = []
            mono.reserveCapacity(all.count / 2)
            var index = 0
            while index + 1 < all.count {
                let sum = Int(all[index]) + Int(all[index + 1])
                mono.append(Int16(sum / 2))
                index += 2
            }
            samples = mono
        } else {
            samples = all
        }
        guard samples.count >= 960 else { throw MediaFileError(file: path, offset: nil, reason: "is shorter than 20 ms") }
        label = path.split(separator: "/").last.map(String.init) ?? path
    }

    public func nextFrame() -> [Int16]? {
        var frame: [Int16] = []
        frame.reserveCapacity(960)
        while frame.count < 960 {
            let take = min(960 - frame.count, samples.count - position)
            frame.append(contentsOf: samples[position..<position + take])
            position = (position + take) % samples.count
        }
        return frame
    }
}
