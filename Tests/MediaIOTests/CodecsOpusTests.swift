import Testing
@testable import MediaIO

@Suite struct CodecsOpusTests {
    @Test(arguments: [(1, 10), (1, 20), (2, 20), (1, 40), (2, 60)])
    func roundTripKeepsFrameLength(setup: (channels: Int, milliseconds: Int)) throws {
        let encoder = try OpusEncoder(channels: setup.channels, frameMilliseconds: setup.milliseconds, bitrate: 32_000)
        let decoder = try OpusDecoder(channels: setup.channels)
        var tone = ToneSource(channels: setup.channels, frameMilliseconds: setup.milliseconds)
        for _ in 0..<10 {
            let pcm = tone.nextFrame()
            let packet = try encoder.encode(pcm)
            #expect(!packet.isEmpty && packet.count < 1000)
            let decoded = try decoder.decode(packet)
            #expect(decoded.count == pcm.count)
        }
    }

    @Test func decodedToneMatchesInputAfterCodecDelay() throws {
        let encoder = try OpusEncoder(bitrate: 32_000)
        let decoder = try OpusDecoder()
        var tone = ToneSource(markerInterval: nil)
        var input: [Int16] = [], output: [Int16] = []
        for _ in 0..<25 {
            let pcm = tone.nextFrame()
            input += pcm
            output += try decoder.decode(encoder.encode(pcm))
        }
        let delay = encoder.lookahead
        // Signal-to-noise over the last 200 ms, once the codec has settled.
        var signal = 0.0, noise = 0.0
        for index in (input.count - 9600)..<(input.count - delay) {
            let expected = Double(input[index]), actual = Double(output[index + delay])
            signal += expected * expected
            noise += (expected - actual) * (expected - actual)
        }
        #expect(signal / noise > 10, "SNR \(signal / noise)")
    }

    @Test func bitrateIsSettableAtRuntime() throws {
        let encoder = try OpusEncoder(bitrate: 32_000)
        #expect(encoder.bitrate == 32_000)
        try encoder.setBitrate(64_000)
        #expect(encoder.bitrate == 64_000)
        try encoder.setDTX(true)
        try encoder.setInbandFEC(true)
        try encoder.setExpectedPacketLoss(percent: 20)
    }

    @Test func wrongFrameLengthIsRejectedWithAClearError() throws {
        let encoder = try OpusEncoder(frameMilliseconds: 20)
        #expect(throws: CodecError.wrongInputSize(what: "Opus input frame", expected: 960, actual: 100)) {
            try encoder.encode([Int16](repeating: 0, count: 100))
        }
        #expect(throws: CodecError.self) { try OpusEncoder(frameMilliseconds: 25) }
        #expect(throws: CodecError.self) { try OpusEncoder(channels: 3) }
    }

    @Test func errorNamesTheLibopusError() {
        let text = CodecError.opus(operation: "decode a packet", code: -4).description
        #expect(text.contains("corrupted stream"))
        #expect(text.contains("-4"))
    }

    @Test func concealmentProducesARequestedLength() throws {
        let decoder = try OpusDecoder()
        let encoder = try OpusEncoder()
        var tone = ToneSource()
        _ = try decoder.decode(encoder.encode(tone.nextFrame()))
        #expect(decoder.decodeMissing(frameSamples: 960).count == 960)
        #expect(decoder.decodeMissing(frameSamples: 480).count == 480)
        // Not a multiple of 2.5 ms: libopus refuses, the caller still gets silence of that length.
        #expect(decoder.decodeMissing(frameSamples: 100).count == 100)
    }

    @Test func inbandFECRecoversALostFrameCloserThanConcealment() throws {
        let encoder = try OpusEncoder(bitrate: 32_000, inbandFEC: true, expectedPacketLossPercent: 20)
        var tone = ToneSource(markerInterval: nil)
        let frames = (0..<30).map { _ in tone.nextFrame() }
        let packets = try frames.map { try encoder.encode($0) }
        let lost = 20

        let withFEC = try OpusDecoder(), withPLC = try OpusDecoder()
        var fecOut: [Int16] = [], plcOut: [Int16] = []
        for index in 0..<30 {
            if index == lost {
                fecOut += try withFEC.decodeFEC(nextPacket: packets[index + 1])
                plcOut += withPLC.decodeMissing(frameSamples: 960)
            } else {
                fecOut += try withFEC.decode(packets[index])
                plcOut += try withPLC.decode(packets[index])
            }
        }
        #expect(fecOut.count == 30 * 960 && plcOut.count == 30 * 960)
        let delay = encoder.lookahead
        func error(_ output: [Int16]) -> Double {
            var total = 0.0
            for index in (lost * 960)..<((lost + 1) * 960) {
                let difference = Double(frames[index / 960][index % 960]) - Double(output[index + delay])
                total += difference * difference
            }
            return total
        }
        #expect(error(fecOut) < error(plcOut), "FEC \(error(fecOut)) vs PLC \(error(plcOut))")
    }

    @Test func hundredThousandMutatedPacketsThrowOrDecodeButNeverTrap() throws {
        let encoder = try OpusEncoder(bitrate: 32_000)
        var tone = ToneSource()
        let packets = try (0..<50).map { _ in try encoder.encode(tone.nextFrame()) }
        let decoder = try OpusDecoder()
        var random = SeededGenerator(seed: 0x0905)
        var thrown = 0
        for round in 0..<100_000 {
            var packet = packets[round % packets.count]
            switch round % 3 {
            case 0: packet[Int.random(in: 0..<packet.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            case 1: packet = Array(packet.prefix(Int.random(in: 0..<packet.count, using: &random)))
            default: packet = (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            do {
                let pcm = try decoder.decode(packet)
                #expect(pcm.count <= 5760 && pcm.count % 120 == 0)
            } catch { thrown += 1 }
        }
        #expect(thrown > 1000)
        #expect(throws: CodecError.self) { try decoder.decode([]) }
    }
}
