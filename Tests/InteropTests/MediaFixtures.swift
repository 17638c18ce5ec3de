import Foundation
import MediaIO

/// Pre-encoded media checked into the repository: 90 VP8 frames (320x240, keyframe every 30) and
/// 150 Opus packets of a tone, for sending before the encoders are wired in.
struct MediaFixtures {
    let videoFrames: [[UInt8]]
    let opusPackets: [[UInt8]]

    init() throws {
        let directory = AiortcPeer.repositoryRoot.appendingPathComponent("Tests/ClientCoreTests/Fixtures")
        let ivf = try [UInt8](Data(contentsOf: directory.appendingPathComponent("pattern-320x240.ivf")))
        videoFrames = try IVFReader.frames(in: ivf).frames.map(\.bytes)
        let opus = try [UInt8](Data(contentsOf: directory.appendingPathComponent("tone-48k.opus-packets")))
        var packets: [[UInt8]] = []
        var index = 0
        while index + 2 <= opus.count {
            let length = Int(opus[index]) << 8 | Int(opus[index + 1])
            index += 2
            guard index + length <= opus.count else { break }
            packets.append(Array(opus[index..<index + length]))
            index += length
        }
        opusPackets = packets
    }
}
