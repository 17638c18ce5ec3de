import Testing
@testable import MediaIO

@Suite struct CodecsVP8RoundTripTests {
    /// Encodes `count` pattern frames at `kbps`, decodes them, and returns how many barcodes read back
    /// exactly, plus the encoded size.
    static func roundTrip(width: Int, height: Int, kbps: Int, count: Int) throws -> (readable: Int, bytes: Int, keyframes: Int) {
        var source = TestPatternSource(width: width, height: height, startMicros: 1_700_000_000_000_000)
        let encoder = try VP8Encoder(width: width, height: height, bitrateKbps: kbps)
        let decoder = try VP8Decoder()
        var readable = 0, bytes = 0, keyframes = 0
        for index in 0..<count {
            let frame = source.nextFrame()
            for encoded in try encoder.encode(frame, timestamp90k: Int64(index) * 3000) {
                bytes += encoded.bytes.count
                if encoded.isKeyframe { keyframes += 1 }
                guard case .frame(let picture) = decoder.decode(encoded.bytes) else { continue }
                #expect(picture.width == width && picture.height == height)
                if let code = FrameBarcode.read(from: picture), code.frameNumber == UInt32(index),
                   code.timestampMicros == frame.timestampMicros & 0xFFFF_FFFF_FFFF {
                    readable += 1
                }
            }
        }
        return (readable, bytes, keyframes)
    }

    @Test(arguments: [(640, 360), (320, 240)])
    func barcodeSurvivesVP8At300kbps(size: (Int, Int)) throws {
        let count = 150
        let result = try Self.roundTrip(width: size.0, height: size.1, kbps: 300, count: count)
        let kbps = Double(result.bytes * 8) / (Double(count) / 30) / 1000
        print("VP8 \(size.0)x\(size.1) @300 kbps: \(result.readable)/\(count) barcodes read, \(Int(kbps)) kbps actual")
        #expect(Double(result.readable) >= 0.95 * Double(count))
        #expect(result.keyframes == 1)
        #expect(kbps < 300 * 1.5)
    }

    @Test func firstFrameIsKeyframeAndRequestForcesAnother() throws {
        var source = TestPatternSource(width: 160, height: 120)
        let encoder = try VP8Encoder(width: 160, height: 120, bitrateKbps: 200)
        var flags: [Bool] = []
        for index in 0..<6 {
            if index == 4 { encoder.requestKeyframe() }
            flags += try encoder.encode(source.nextFrame(), timestamp90k: Int64(index) * 3000).map(\.isKeyframe)
        }
        #expect(flags == [true, false, false, false, true, false])
    }

    @Test func bitrateChangeTakesEffect() throws {
        var source = TestPatternSource(width: 320, height: 240)
        let encoder = try VP8Encoder(width: 320, height: 240, bitrateKbps: 1000)
        func bytes(frames: Range<Int>) throws -> Int {
            try frames.reduce(0) { total, index in
                try total + encoder.encode(source.nextFrame(), timestamp90k: Int64(index) * 3000).reduce(0) { $0 + $1.bytes.count }
            }
        }
        _ = try bytes(frames: 0..<30)
        let high = try bytes(frames: 30..<90)
        try encoder.setBitrate(kbps: 100)
        #expect(encoder.bitrateKbps == 100)
        _ = try bytes(frames: 90..<120)
        let low = try bytes(frames: 120..<180)
        #expect(low * 3 < high)
    }

    @Test func oddSizesRoundTrip() throws {
        let result = try Self.roundTrip(width: 161, height: 99, kbps: 300, count: 20)
        #expect(result.readable == 20)
    }

    @Test func wrongSizeIsRejectedWithAClearError() throws {
        let encoder = try VP8Encoder(width: 320, height: 240, bitrateKbps: 300)
        #expect(throws: CodecError.self) { try encoder.encode(I420Frame(width: 160, height: 120), timestamp90k: 0) }
        var broken = I420Frame(width: 320, height: 240)
        broken.y.removeLast()
        #expect(throws: CodecError.self) { try encoder.encode(broken, timestamp90k: 0) }
    }
}
