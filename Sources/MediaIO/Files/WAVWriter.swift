/// Writes 16-bit PCM samples to a RIFF/WAVE file; the sizes in the header are filled in by `close()`.
public final class WAVWriter {
    public let sampleRate: Int
    public let channels: Int
    public private(set) var framesWritten = 0
    private let output: MediaFileOutput
    private static let headerSize = 44

    public init(path: String, sampleRate: Int, channels: Int) throws(MediaFileError) {
        guard WAVReader.supportedChannels.contains(channels), WAVReader.supportedSampleRates.contains(sampleRate) else {
            throw MediaFileError(file: path, offset: nil,
                                 reason: "cannot write \(channels)-channel audio at \(sampleRate) Hz")
        }
        self.sampleRate = sampleRate
        self.channels = channels
        output = try MediaFileOutput(path: path)
        try output.write(header(dataBytes: 0))
    }

    deinit {
        // A writer dropped without close() still leaves a playable file.
        try? finish()
    }

    /// Appends interleaved samples; the count must be a whole number of frames.
    public func write(_ samples: [Int16]) throws(MediaFileError) {
        guard samples.count % channels == 0 else {
            throw MediaFileError(file: output.name, offset: output.offset,
                                 reason: "\(samples.count) samples is not a whole number of \(channels)-channel frames")
        }
        var little = samples
        for index in little.indices { little[index] = little[index].littleEndian }
        try little.withUnsafeBytes { raw in Result { () throws(MediaFileError) in try output.write(raw) } }.get()
        framesWritten += samples.count / channels
    }

    /// Fills in the chunk sizes and closes the file.
    public func close() throws(MediaFileError) {
        try finish()
    }

    private func finish() throws(MediaFileError) {
        guard output.isOpen else { return }
        defer { output.close() }
        try output.patch(header(dataBytes: framesWritten * 2 * channels), at: 0)
    }

    private func header(dataBytes: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize)
        func append32(_ value: Int) { for shift in [0, 8, 16, 24] { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) } }
        func append16(_ value: Int) { for shift in [0, 8] { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) } }
        bytes += Array("RIFF".utf8)
        append32(Self.headerSize - 8 + dataBytes)
        bytes += Array("WAVEfmt ".utf8)
        append32(16)
        append16(1)
        append16(channels)
        append32(sampleRate)
        append32(sampleRate * channels * 2)
        append16(channels * 2)
        append16(16)
        bytes += Array("data".utf8)
        append32(dataBytes)
        return bytes
    }
}
