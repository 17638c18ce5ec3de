import RTCBase
import Foundation
import Testing
@testable import MediaIO

@Suite struct FilesWAVTests {
    func le16(_ value: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }
    func le32(_ value: Int) -> [UInt8] { le16(value) + le16(value >> 16) }

    func chunk(_ id: String, _ body: [UInt8]) -> [UInt8] {
        Array(id.utf8) + le32(body.count) + body + (body.count % 2 == 1 ? [0] : [])
    }

    func fmt(tag: Int = 1, channels: Int, rate: Int, bits: Int = 16, blockAlign: Int? = nil) -> [UInt8] {
        let align = blockAlign ?? channels * bits / 8
        return chunk("fmt ", le16(tag) + le16(channels) + le32(rate) + le32(rate * align) + le16(align) + le16(bits))
    }

    func riff(_ chunks: [UInt8]) -> [UInt8] { Array("RIFF".utf8) + le32(chunks.count + 4) + Array("WAVE".utf8) + chunks }

    func pcmBytes(_ samples: [Int16]) -> [UInt8] { samples.flatMap { le16(Int($0)) } }

    @Test func writerAndReaderRoundTripStereo() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("tone.wav")
        let samples = sineSamples(frames: 1000, channels: 2)
        let writer = try WAVWriter(path: path, sampleRate: 48000, channels: 2)
        try writer.write(Array(samples[0..<600]))
        try writer.write(Array(samples[600...]))
        try writer.close()

        let reader = try WAVReader(path: path)
        #expect(reader.sampleRate == 48000)
        #expect(reader.channels == 2)
        #expect(reader.frameCount == 1000)
        #expect(!reader.isTruncated)
        #expect(reader.dataOffset == 44)
        let first = try reader.read(maximumFrames: 123)
        let rest = try reader.readAll()
        #expect(first + rest == samples)
        #expect(try reader.read(maximumFrames: 10).isEmpty)
    }

    @Test func skipsUnknownChunksIncludingOddSizedOnes() throws {
        let samples: [Int16] = [1, -1, 32767, -32768, 1234]
        let bytes = riff(chunk("LIST", Array("INFOjunk!".utf8)) + fmt(channels: 1, rate: 8000)
                         + chunk("fact", le32(5)) + chunk("data", pcmBytes(samples)))
        let reader = try WAVReader(bytes: bytes)
        #expect(reader.sampleRate == 8000)
        #expect(reader.channels == 1)
        #expect(try reader.readAll() == samples)
    }

    @Test func extensibleFormatWithPCMSubformatIsAccepted() throws {
        var body = le16(0xFFFE) + le16(2) + le32(44100) + le32(44100 * 4) + le16(4) + le16(16)
        body += le16(22) + le16(16) + le32(3) + le16(1) + [UInt8](repeating: 0, count: 14)
        let bytes = riff(chunk("fmt ", body) + chunk("data", pcmBytes([5, 6, 7, 8])))
        let reader = try WAVReader(bytes: bytes)
        #expect(reader.sampleRate == 44100)
        #expect(try reader.readAll() == [5, 6, 7, 8])
    }

    @Test func truncatedDataChunkReadsWhatIsThereAndSaysSo() throws {
        let samples = sineSamples(frames: 100, channels: 2)
        var bytes = riff(fmt(channels: 2, rate: 48000) + chunk("data", pcmBytes(samples)))
        bytes.removeLast(4 * 30 + 2)  // 30.5 frames gone: the half frame must not be returned.
        let reader = try WAVReader(bytes: bytes)
        #expect(reader.isTruncated)
        #expect(reader.declaredFrameCount == 100)
        #expect(reader.frameCount == 69)
        #expect(try reader.readAll() == Array(samples[0..<138]))
    }

    @Test func streamingSizeReadsToTheEnd() throws {
        let bytes = riff(fmt(channels: 1, rate: 16000)) + Array("data".utf8) + le32(0xFFFF_FFFF) + pcmBytes([9, 8, 7])
        let reader = try WAVReader(bytes: bytes)
        #expect(!reader.isTruncated)
        #expect(try reader.readAll() == [9, 8, 7])
    }

    @Test(arguments: [
        ("float", 3, 1, 48000, 32, "not PCM"),
        ("8-bit", 1, 1, 48000, 8, "8-bit"),
        ("six channels", 1, 6, 48000, 16, "6 channels"),
        ("zero channels", 1, 0, 48000, 16, "0 channels"),
        ("zero rate", 1, 1, 0, 16, "sample rate 0"),
        ("absurd rate", 1, 2, 99_999_999, 16, "sample rate 99999999"),
    ])
    func rejectsUnsupportedFormats(name: String, tag: Int, channels: Int, rate: Int, bits: Int, expected: String) {
        let bytes = riff(fmt(tag: tag, channels: channels, rate: rate, bits: bits) + chunk("data", [0, 0, 0, 0]))
        let error = #expect(throws: MediaFileError.self) { try WAVReader(bytes: bytes, name: "\(name).wav") }
        #expect(error?.reason.contains(expected) == true, "\(name): \(error?.reason ?? "no error")")
        #expect(error?.offset == 20)
    }

    @Test func rejectsStructuralDamage() {
        let cases: [(String, [UInt8], String)] = [
            ("no signature", Array("RIFX0000WAVE".utf8), "not a WAV file"),
            ("data before fmt", riff(chunk("data", [0, 0])), "data chunk before the fmt chunk"),
            ("no data", riff(fmt(channels: 1, rate: 48000)), "no data chunk"),
            ("cut chunk header", riff(fmt(channels: 1, rate: 48000)) + [0x64, 0x61], "truncated chunk header"),
            ("cut unknown chunk", riff(Array("LIST".utf8) + le32(100) + [1, 2, 3]), "truncated 'LIST' chunk"),
            ("bad block align", riff(fmt(channels: 2, rate: 48000, blockAlign: 3) + chunk("data", [])), "block align"),
            ("empty", [], "not a WAV file"),
        ]
        for (name, bytes, expected) in cases {
            let error = #expect(throws: MediaFileError.self) { try WAVReader(bytes: bytes, name: name) }
            #expect(error?.reason.contains(expected) == true, "\(name): \(error?.reason ?? "no error")")
        }
    }

    /// 100,000 random and mutated inputs, per the project's parser convention.
    @Test func randomAndMutatedInputsNeverCrash() {
        var random = SeededRandom(seed: 0x5741_56)
        let valid = riff(chunk("LIST", Array("INFOabc".utf8)) + fmt(channels: 2, rate: 48000)
                         + chunk("data", pcmBytes([1, 2, 3, 4, -5, -6])))
        var parsed = 0, rejected = 0
        for round in 0..<100_000 {
            let bytes: [UInt8]
            switch round % 4 {
            case 0: bytes = random.bytes(Int.random(in: 0...64, using: &random))
            case 1: bytes = Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8) + random.bytes(Int.random(in: 0...48, using: &random))
            default: bytes = mutated(valid, using: &random)
            }
            do {
                let reader = try WAVReader(bytes: bytes)
                let samples = try reader.readAll()
                #expect(samples.count == reader.frameCount * reader.channels)
                parsed += 1
            } catch {
                #expect(error.offset != nil && error.offset! <= bytes.count)
                rejected += 1
            }
        }
        #expect(parsed > 1000)
        #expect(rejected > 1000)
    }

    @Test func writerRejectsPartialFrames() throws {
        let directory = TemporaryDirectory()
        let writer = try WAVWriter(path: directory.file("odd.wav"), sampleRate: 48000, channels: 2)
        #expect(throws: MediaFileError.self) { try writer.write([1, 2, 3]) }
        #expect(throws: MediaFileError.self) { try WAVWriter(path: directory.file("x.wav"), sampleRate: 48000, channels: 3) }
    }
}

extension FilesWAVTests {
    @Test func truncatedFileOnDiskIsReadAsFarAsItGoes() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("cut.wav")
        let samples = sineSamples(frames: 48000, channels: 1)
        let writer = try WAVWriter(path: path, sampleRate: 48000, channels: 1)
        try writer.write(samples)
        try writer.close()
        // Cut the file 1001 bytes short, as a crashed recorder would leave it.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(44 + 96000 - 1001))
        try handle.close()

        let reader = try WAVReader(path: path)
        #expect(reader.isTruncated)
        #expect(reader.declaredFrameCount == 48000)
        #expect(reader.frameCount == 48000 - 501)
        #expect(try reader.readAll() == Array(samples.prefix(48000 - 501)))
    }

    @Test func writerDroppedWithoutCloseStillLeavesAValidFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("dropped.wav")
        do {
            let writer = try WAVWriter(path: path, sampleRate: 22050, channels: 2)
            try writer.write([1, 2, 3, 4])
        }
        let reader = try WAVReader(path: path)
        #expect(reader.sampleRate == 22050)
        #expect(try reader.readAll() == [1, 2, 3, 4])
    }
}
