import Foundation
import Testing
@testable import MediaIO

/// Writes and checks the fixtures the transport's interop tests replay (Tests/ClientCoreTests/Fixtures).
/// Regenerate with `KAAMOS_WRITE_FIXTURES=1 swift test --filter CodecsFixtureTests`.
@Suite(.serialized) struct CodecsFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ClientCoreTests/Fixtures")
    static let ivfName = "pattern-320x240.ivf"
    static let opusName = "tone-48k.opus-packets"

    @Test(.enabled(if: ProcessInfo.processInfo.environment["KAAMOS_WRITE_FIXTURES"] == "1", "writes fixtures when asked"))
    func writeFixtures() throws {
        // 90 frames at 30 fps, 300 kbps, keyframes forced at 0, 30 and 60; IVF timebase 1/30 s.
        var source = TestPatternSource(width: 320, height: 240, framesPerSecond: 30)
        let encoder = try VP8Encoder(width: 320, height: 240, bitrateKbps: 300, keyframeInterval: 3000)
        var ivf = IVFHeader(width: 320, height: 240, timebaseDenominator: 30, timebaseNumerator: 1, frameCount: 90).serialized()
        for index in 0..<90 {
            if index % 30 == 0 { encoder.requestKeyframe() }
            let encoded = try encoder.encode(source.nextFrame(), timestamp90k: Int64(index) * 3000)
            try #require(encoded.count == 1)
            ivf += IVFFrame(timestamp: UInt64(index), bytes: encoded[0].bytes).serialized()
        }
        try Data(ivf).write(to: Self.directory.appendingPathComponent(Self.ivfName))

        // 150 packets of 20 ms, mono, 32 kbps, the marker tone (markers at 0.5 s, 1.5 s, 2.5 s).
        let opus = try OpusEncoder(channels: 1, frameMilliseconds: 20, bitrate: 32_000)
        var tone = ToneSource()
        var packets: [UInt8] = []
        for _ in 0..<150 {
            let packet = try opus.encode(tone.nextFrame())
            packets += [UInt8(packet.count >> 8), UInt8(packet.count & 0xff)] + packet
        }
        try Data(packets).write(to: Self.directory.appendingPathComponent(Self.opusName))
    }

    @Test func ivfFixtureDecodesWithEveryBarcode() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(Self.ivfName)))
        #expect(bytes.count < 150_000)
        let (header, frames) = try IVFReader.frames(in: bytes)
        #expect(header.fourCC == "VP80" && header.width == 320 && header.height == 240 && header.frameCount == 90)
        #expect(frames.count == 90)
        let decoder = try VP8Decoder()
        for (index, frame) in frames.enumerated() {
            #expect(frame.timestamp == UInt64(index))
            #expect(VP8FrameHeader(frame.bytes)?.isKeyframe == (index % 30 == 0), "frame \(index)")
            guard case .frame(let picture) = decoder.decode(frame.bytes) else { Issue.record("frame \(index) refused"); continue }
            #expect(FrameBarcode.read(from: picture)?.frameNumber == UInt32(index))
        }
    }

    @Test func opusFixtureDecodesWithItsMarkers() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(Self.opusName)))
        var offset = 0
        var packets: [[UInt8]] = []
        while offset + 2 <= bytes.count {
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            try #require(offset + 2 + length <= bytes.count)
            packets.append(Array(bytes[offset + 2..<offset + 2 + length]))
            offset += 2 + length
        }
        #expect(offset == bytes.count && packets.count == 150)
        let decoder = try OpusDecoder()
        var detector = AudioMarkerDetector()
        var markers: [AudioMarker] = []
        for packet in packets { markers += try detector.process(decoder.decode(packet)) }
        #expect(markers.map(\.sequence) == [0, 1, 2])
    }
}
