import Testing
@testable import MediaIO

@Suite struct CodecsH264DecoderRobustnessTests {
    /// A keyframe and the inter frames that follow it, from the test pattern; a second keyframe
    /// at `keyframeAt` when given.
    static func encodedStream(width: Int = 320, height: Int = 240, frames: Int = 10, keyframeAt: Int? = nil) throws -> [EncodedVideoFrame] {
        let pictures = noisyPatternFrames(width: width, height: height, count: frames)
        let encoder = try H264Encoder(width: width, height: height, bitrateKbps: 400)
        return try pictures.enumerated().flatMap { index, picture in
            if index == keyframeAt { encoder.requestKeyframe() }
            return try encoder.encode(picture, timestamp90k: Int64(index) * 3000)
        }
    }

    /// A corrupt access unit is an error, the inter frames after it are refused, and the next
    /// keyframe brings the picture back.
    @Test func corruptAccessUnitGivesAnErrorAndTheNextKeyframeRecovers() throws {
        let stream = try Self.encodedStream(frames: 8, keyframeAt: 5)
        #expect(stream.map(\.isKeyframe) == [true, false, false, false, false, true, false, false])
        let decoder = try H264Decoder()
        guard case .frame = decoder.decode(stream[0].bytes), case .frame = decoder.decode(stream[1].bytes) else {
            Issue.record("clean stream refused"); return
        }
        // Frame 2 with its slice data overwritten after the slice header.
        var corrupt = stream[2].bytes
        for index in 12..<corrupt.count where index % 3 == 0 { corrupt[index] = 0xFF }
        guard case .needsKeyframe(let failure) = decoder.decode(corrupt) else {
            Issue.record("corrupt access unit decoded"); return
        }
        print("H.264 corrupt access unit: \(failure)")
        #expect(decoder.isWaitingForKeyframe)
        for frame in stream[3...4] {
            guard case .needsKeyframe(.waitingForKeyframe) = decoder.decode(frame.bytes) else {
                Issue.record("inter frame decoded after a failure"); return
            }
        }
        guard case .frame(let picture) = decoder.decode(stream[5].bytes) else { Issue.record("keyframe refused"); return }
        #expect(picture.width == 320 && picture.height == 240 && !decoder.isWaitingForKeyframe)
        guard case .frame = decoder.decode(stream[6].bytes) else { Issue.record("inter frame after the keyframe refused"); return }
    }

    @Test func truncatedKeyframeIsAnError() throws {
        let stream = try Self.encodedStream(frames: 1)
        let decoder = try H264Decoder()
        let keyframe = stream[0].bytes
        guard case .needsKeyframe(.corrupt) = decoder.decode(Array(keyframe.prefix(keyframe.count / 2))) else {
            Issue.record("truncated keyframe not reported as corrupt"); return
        }
        guard case .frame = decoder.decode(keyframe) else { Issue.record("whole keyframe refused"); return }
    }

    @Test func interFramesAreRefusedUntilTheFirstKeyframe() throws {
        let stream = try Self.encodedStream(frames: 3)
        let decoder = try H264Decoder()
        guard case .needsKeyframe(.waitingForKeyframe) = decoder.decode(stream[1].bytes) else {
            Issue.record("inter frame decoded without a reference"); return
        }
        guard case .frame = decoder.decode(stream[0].bytes), case .frame = decoder.decode(stream[1].bytes) else {
            Issue.record("clean stream refused"); return
        }
    }

    @Test func reportedLossBlocksInterFrames() throws {
        let stream = try Self.encodedStream(frames: 3)
        let decoder = try H264Decoder()
        _ = decoder.decode(stream[0].bytes)
        decoder.referenceLost()
        guard case .needsKeyframe(.waitingForKeyframe) = decoder.decode(stream[2].bytes) else {
            Issue.record("inter frame decoded after reported loss"); return
        }
    }

    @Test func dataWithoutNALUnitsIsMalformed() throws {
        let decoder = try H264Decoder()
        for data in [[], [0x65, 0xb8, 0x00], [0, 0, 1], [0, 0, 0, 1, 0xE5, 0x88]] as [[UInt8]] {
            guard case .needsKeyframe(.malformed) = decoder.decode(data) else { Issue.record("\(data) accepted"); return }
        }
    }

    @Test func parameterSetsAloneShowNothing() throws {
        let keyframe = try Self.encodedStream(frames: 1)[0].bytes
        // SPS and PPS only: everything before the third start code.
        var starts: [Int] = []
        for index in 0..<(keyframe.count - 3) where keyframe[index..<index + 4].elementsEqual([0, 0, 0, 1]) { starts.append(index) }
        let decoder = try H264Decoder()
        decoder.referenceLost()
        // Waiting for a keyframe, parameter sets alone are not one.
        guard case .needsKeyframe(.waitingForKeyframe) = decoder.decode(Array(keyframe[..<starts[2]])) else {
            Issue.record("parameter sets taken as a keyframe"); return
        }
        guard case .frame = decoder.decode(keyframe) else { Issue.record("keyframe refused"); return }
        guard case .nothingToShow = decoder.decode(Array(keyframe[..<starts[2]])) else {
            Issue.record("parameter sets gave a picture"); return
        }
    }

    @Test func picturesAboveTheLimitAreRefused() throws {
        let stream = try Self.encodedStream(frames: 1)
        let decoder = try H264Decoder(maxPixels: 320 * 200)
        guard case .needsKeyframe(.pictureTooLarge(320, 240)) = decoder.decode(stream[0].bytes) else {
            Issue.record("oversized picture not refused"); return
        }
    }

    /// An SPS declaring 128000x128000 pixels, a PPS and the start of an IDR slice: libopenh264
    /// refuses the parameter set before allocating anything.
    @Test func hugeParameterSetIsRefused() throws {
        let accessUnit: [UInt8] = [0, 0, 0, 1, 0x67, 0x42, 0xe0, 0x33, 0xda, 0x00, 0x07, 0xd0, 0x00, 0x03, 0xe8, 0x19,
                                   0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80,
                                   0, 0, 0, 1, 0x65, 0xb8, 0x00, 0x04, 0x00, 0x00, 0x08, 0xf8, 0xb4, 0x47, 0xdb, 0xc6, 0xe0, 0x38]
        let decoder = try H264Decoder()
        guard case .needsKeyframe(.corrupt(let detail)) = decoder.decode(accessUnit) else {
            Issue.record("huge picture not refused"); return
        }
        #expect(detail.contains("no parameter sets"))
        let stream = try Self.encodedStream(frames: 2)
        guard case .frame = decoder.decode(stream[0].bytes), case .frame = decoder.decode(stream[1].bytes) else {
            Issue.record("clean stream refused after a huge parameter set"); return
        }
    }

    @Test func tenThousandMutatedAccessUnitsNeverCrash() throws {
        let stream = try Self.encodedStream(frames: 10)
        let decoder = try H264Decoder(maxPixels: 1920 * 1080)
        var random = SeededGenerator(seed: 0x5eed)
        var pictures = 0, refusals = 0
        for round in 0..<10_000 {
            var data = stream[round % stream.count].bytes
            switch round % 4 {
            case 0:  // flip a few random bits, headers included
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    let index = Int.random(in: 0..<data.count, using: &random)
                    data[index] ^= 1 << UInt8.random(in: 0...7, using: &random)
                }
            case 1:  // truncate
                data = Array(data.prefix(Int.random(in: 0..<data.count, using: &random)))
            case 2:  // overwrite a run with random bytes
                let start = Int.random(in: 0..<data.count, using: &random)
                for index in start..<min(data.count, start + Int.random(in: 1...64, using: &random)) {
                    data[index] = UInt8.random(in: 0...255, using: &random)
                }
            default:  // noise after a start code, sometimes dressed as an SPS or IDR
                data = [0, 0, 0, 1] + (0..<Int.random(in: 0...2000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                if data.count > 5 { data[4] = [0x67, 0x65, 0x41, 0x68][Int.random(in: 0...3, using: &random)] }
            }
            // Keep the decoder fed with a clean keyframe now and then so inter frames reach openh264 too.
            if round % 3 == 0 { _ = decoder.decode(stream[0].bytes) }
            switch decoder.decode(data) {
            case .frame(let picture):
                pictures += 1
                #expect(picture.y.count == picture.width * picture.height)
            case .needsKeyframe: refusals += 1
            case .nothingToShow: break
            }
        }
        print("H.264 fuzz: 10000 mutated access units, \(pictures) pictures, \(refusals) keyframe requests")
        #expect(refusals > 1000)
        for frame in stream {
            guard case .frame = decoder.decode(frame.bytes) else { Issue.record("clean frame refused"); return }
        }
    }
}
