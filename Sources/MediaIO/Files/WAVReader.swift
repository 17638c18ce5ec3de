/// Reads 16-bit PCM (S16LE) samples from a RIFF/WAVE file, mono or stereo, at whatever rate it declares.
///
/// Unknown chunks (LIST, fact, cue ...) are skipped. A data chunk cut short by the end of the file is
/// read as far as it goes and reported through `isTruncated`; anything malformed throws.
public final class WAVReader {
    public let sampleRate: Int
    public let channels: Int
    /// Frames (one sample per channel) the data chunk declares; for a truncated file, more than it holds.
    public let declaredFrameCount: Int
    /// Frames actually present in the file.
    public let frameCount: Int
    /// True when the file ends before the data chunk does.
    public var isTruncated: Bool { frameCount < declaredFrameCount }
    /// Where the sample data starts.
    public let dataOffset: Int
    public private(set) var framesRead = 0
    private let input: MediaFileInput

    /// Channel counts and rates outside these bounds are not audio we can use, so they count as malformed.
    public static let supportedChannels = 1...2
    public static let supportedSampleRates = 1000...768_000

    public convenience init(path: String) throws(MediaFileError) {
        try self.init(input: MediaFileInput(path: path))
    }

    public convenience init(bytes: [UInt8], name: String = "<memory>") throws(MediaFileError) {
        try self.init(input: MediaFileInput(bytes: bytes, name: name))
    }

    private init(input: MediaFileInput) throws(MediaFileError) {
        self.input = input
        let riff = try input.read(count: 12)
        guard riff.count == 12, riff[0..<4].elementsEqual("RIFF".utf8), riff[8..<12].elementsEqual("WAVE".utf8) else {
            throw input.error("not a WAV file (missing RIFF/WAVE signature)", at: 0)
        }
        var format: (rate: Int, channels: Int)?
        while true {
            let chunkStart = input.offset
            let chunkHeader = try input.read(count: 8)
            if chunkHeader.isEmpty {
                throw input.error(format == nil ? "no fmt chunk before the end of the file" : "no data chunk", at: chunkStart)
            }
            guard chunkHeader.count == 8 else { throw input.error("truncated chunk header", at: chunkStart) }
            let id = String(decoding: chunkHeader[0..<4], as: UTF8.self)
            let size = Int(Self.littleEndianUInt32(chunkHeader, at: 4))
            switch id {
            case "fmt ":
                guard size >= 16, size <= 1024 else { throw input.error("fmt chunk size \(size) is invalid", at: chunkStart) }
                let body = try input.read(count: size)
                guard body.count == size else { throw input.error("truncated fmt chunk", at: chunkStart) }
                format = try Self.parseFormat(body, input: input, at: chunkStart + 8)
                if size % 2 == 1 { _ = try input.skip(1) }
            case "data":
                guard let format else { throw input.error("data chunk before the fmt chunk", at: chunkStart) }
                sampleRate = format.rate
                channels = format.channels
                dataOffset = input.offset
                let frameBytes = 2 * format.channels
                let available = (input.remaining ?? Int.max) / frameBytes
                // 0xFFFFFFFF is what streaming writers leave when they never came back to fill in the size.
                if size == 0xFFFF_FFFF {
                    declaredFrameCount = input.remaining.map { $0 / frameBytes } ?? Int.max
                } else {
                    declaredFrameCount = size / frameBytes
                }
                frameCount = min(declaredFrameCount, available)
                return
            default:
                let padded = size + (size % 2)
                guard try input.skip(padded) == padded else {
                    throw input.error("truncated '\(Self.printable(id))' chunk", at: chunkStart)
                }
            }
        }
    }

    /// Reads up to `maximumFrames` frames of interleaved samples; empty at the end of the data.
    public func read(maximumFrames: Int) throws(MediaFileError) -> [Int16] {
        let frames = max(0, min(maximumFrames, frameCount - framesRead))
        guard frames > 0 else { return [] }
        var samples = [Int16](repeating: 0, count: frames * channels)
        let want = samples.count * 2
        let got = try samples.withUnsafeMutableBytes { raw in
            Result { () throws(MediaFileError) -> Int in try input.read(into: raw) }
        }.get()
        // A pipe can end earlier than the size told us; keep whole frames only.
        let wholeFrames = got / (2 * channels)
        if got < want { samples.removeSubrange((wholeFrames * channels)...) }
        for index in samples.indices { samples[index] = Int16(littleEndian: samples[index]) }
        framesRead += wholeFrames
        return samples
    }

    /// Every remaining frame, interleaved. Reads in one-second steps so a pipe whose header claims
    /// gigabytes costs only what it really delivers.
    public func readAll() throws(MediaFileError) -> [Int16] {
        var samples: [Int16] = []
        while true {
            let chunk = try read(maximumFrames: 48000)
            if chunk.isEmpty { return samples }
            samples += chunk
        }
    }

    private static func parseFormat(_ body: [UInt8], input: MediaFileInput,
                                    at offset: Int) throws(MediaFileError) -> (rate: Int, channels: Int) {
        var tag = Int(littleEndianUInt16(body, at: 0))
        let channels = Int(littleEndianUInt16(body, at: 2))
        let rate = Int(littleEndianUInt32(body, at: 4))
        let blockAlign = Int(littleEndianUInt16(body, at: 12))
        let bits = Int(littleEndianUInt16(body, at: 14))
        // WAVE_FORMAT_EXTENSIBLE carries the real format in the first two bytes of its sub-format GUID.
        if tag == 0xFFFE {
            guard body.count >= 26 else { throw input.error("extensible fmt chunk is too short", at: offset) }
            tag = Int(littleEndianUInt16(body, at: 24))
        }
        guard tag == 1 else { throw input.error("format \(tag) is not PCM (only 16-bit PCM is supported)", at: offset) }
        guard bits == 16 else { throw input.error("\(bits)-bit samples are not supported (only 16-bit)", at: offset) }
        guard supportedChannels.contains(channels) else {
            throw input.error("\(channels) channels are not supported (only mono or stereo)", at: offset)
        }
        guard supportedSampleRates.contains(rate) else { throw input.error("sample rate \(rate) Hz is invalid", at: offset) }
        guard blockAlign == 2 * channels else {
            throw input.error("block align \(blockAlign) does not match \(channels) 16-bit channels", at: offset)
        }
        return (rate, channels)
    }

    static func littleEndianUInt16(_ bytes: [UInt8], at index: Int) -> UInt16 {
        UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
    }

    static func littleEndianUInt32(_ bytes: [UInt8], at index: Int) -> UInt32 {
        UInt32(littleEndianUInt16(bytes, at: index)) | UInt32(littleEndianUInt16(bytes, at: index + 2)) << 16
    }

    private static func printable(_ id: String) -> String {
        String(id.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}
