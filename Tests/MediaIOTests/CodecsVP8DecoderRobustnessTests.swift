import Testing
@testable import MediaIO

@Suite struct CodecsVP8DecoderRobustnessTests {
    /// A keyframe and the inter frames that follow it, from the test pattern.
    static func encodedStream(width: Int = 320, height: Int = 240, frames: Int = 10) throws -> [EncodedVideoFrame] {
        var source = TestPatternSource(width: width, height: height)
        let encoder = try VP8Encoder(width: width, height: height, bitrateKbps: 300)
        return try (0..<frames).flatMap { try encoder.encode(source.nextFrame(), timestamp90k: Int64($0) * 3000) }
    }

    @Test func tenThousandMutatedFramesNeverCrash() throws {
        let stream = try Self.encodedStream()
        let decoder = try VP8Decoder(maxPixels: 1920 * 1080)
        var random = SeededGenerator(seed: 0x5eed)
        var pictures = 0, refusals = 0
        for round in 0..<10_000 {
            let original = stream[round % stream.count]
            var data = original.bytes
            switch round % 4 {
            case 0: // flip a few random bits
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    let index = Int.random(in: 0..<data.count, using: &random)
                    data[index] ^= 1 << UInt8.random(in: 0...7, using: &random)
                }
            case 1: // truncate
                data = Array(data.prefix(Int.random(in: 0..<data.count, using: &random)))
            case 2: // overwrite a run with random bytes, header included sometimes
                let start = Int.random(in: 0..<data.count, using: &random)
                for index in start..<min(data.count, start + Int.random(in: 1...64, using: &random)) {
                    data[index] = UInt8.random(in: 0...255, using: &random)
                }
            default: // pure noise, sometimes dressed as a keyframe
                data = (0..<Int.random(in: 0...2000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                if data.count >= 10, Bool.random(using: &random) {
                    data[0] &= 0xFE
                    data[3] = 0x9d; data[4] = 0x01; data[5] = 0x2a
                }
            }
            // Keep the decoder fed with a clean keyframe now and then so inter frames reach libvpx too.
            if round % 3 == 0 { _ = decoder.decode(stream[0].bytes) }
            switch decoder.decode(data) {
            case .frame(let picture):
                pictures += 1
                #expect(picture.y.count == picture.width * picture.height)
            case .needsKeyframe: refusals += 1
            case .nothingToShow: break
            }
        }
        print("VP8 fuzz: 10000 mutated frames, \(pictures) pictures, \(refusals) keyframe requests")
        #expect(refusals > 1000)
        // After all that, a clean stream still decodes.
        for frame in stream {
            guard case .frame = decoder.decode(frame.bytes) else { Issue.record("clean frame refused"); return }
        }
    }

    @Test func interFramesAreRefusedUntilTheFirstKeyframe() throws {
        let stream = try Self.encodedStream(frames: 3)
        let decoder = try VP8Decoder()
        guard case .needsKeyframe(.waitingForKeyframe) = decoder.decode(stream[1].bytes) else {
            Issue.record("inter frame decoded without a reference"); return
        }
        guard case .frame = decoder.decode(stream[0].bytes), case .frame = decoder.decode(stream[1].bytes) else {
            Issue.record("clean stream refused"); return
        }
    }

    @Test func afterAFailureInterFramesWaitForAKeyframe() throws {
        let stream = try Self.encodedStream(frames: 4)
        let decoder = try VP8Decoder()
        _ = decoder.decode(stream[0].bytes)
        guard case .needsKeyframe = decoder.decode(Array(stream[1].bytes.prefix(2))) else {
            Issue.record("truncated frame accepted"); return
        }
        #expect(decoder.isWaitingForKeyframe)
        guard case .needsKeyframe(.waitingForKeyframe) = decoder.decode(stream[2].bytes) else {
            Issue.record("inter frame decoded after a failure"); return
        }
        guard case .frame = decoder.decode(stream[0].bytes) else { Issue.record("keyframe refused"); return }
        #expect(!decoder.isWaitingForKeyframe)
    }

    @Test func reportedLossBlocksInterFrames() throws {
        let stream = try Self.encodedStream(frames: 3)
        let decoder = try VP8Decoder()
        _ = decoder.decode(stream[0].bytes)
        decoder.referenceLost()
        guard case .needsKeyframe(.waitingForKeyframe) = decoder.decode(stream[2].bytes) else {
            Issue.record("inter frame decoded after reported loss"); return
        }
    }

    @Test func oversizedKeyframeIsRefusedBeforeAllocation() throws {
        var data = try Self.encodedStream(frames: 1)[0].bytes
        data[6] = 0xff; data[7] = 0x3f; data[8] = 0xff; data[9] = 0x3f // 16383 x 16383
        let decoder = try VP8Decoder()
        guard case .needsKeyframe(.pictureTooLarge(16383, 16383)) = decoder.decode(data) else {
            Issue.record("oversized keyframe not refused"); return
        }
    }

    @Test func headerParserSurvivesHundredThousandRandomInputs() {
        var random = SeededGenerator(seed: 0x8)
        var keyframes = 0
        for _ in 0..<100_000 {
            var data = (0..<Int.random(in: 0...12, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if data.count >= 6, Bool.random(using: &random) { data[3] = 0x9d; data[4] = 0x01; data[5] = 0x2a }
            if let header = VP8FrameHeader(data), header.isKeyframe {
                keyframes += 1
                #expect(header.width <= 0x3fff && header.height <= 0x3fff && data.count >= 10)
            }
        }
        #expect(keyframes > 1000)
    }

    @Test func headerParserReadsSizeAndRejectsShortData() throws {
        let keyframe = try Self.encodedStream(frames: 1)[0].bytes
        let header = try #require(VP8FrameHeader(keyframe))
        #expect(header.isKeyframe && header.width == 320 && header.height == 240)
        #expect(VP8FrameHeader([]) == nil)
        #expect(VP8FrameHeader(Array(keyframe.prefix(9))) == nil)
    }
}


