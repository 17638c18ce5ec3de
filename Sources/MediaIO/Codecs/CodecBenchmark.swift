/// Timings for `kaamos-tui bench`: medians per frame, measured on the calling thread.
///
/// Inputs are prepared before timing starts, so only the codec call is measured. A figure is NaN when
/// the codec could not be created.
public enum CodecBenchmark {
    public static let videoWidth = 640
    public static let videoHeight = 360
    public static let videoKbps = 800

    /// Median milliseconds to encode one 640x360 test-pattern frame at 800 kbps (realtime, one thread).
    public static func vp8EncodeMilliseconds(frames: Int, speed: Int = VP8Encoder.defaultSpeed) -> Double {
        let source = TestPatternSource(width: videoWidth, height: videoHeight)
        let pictures = (0..<max(frames, 1)).map { source.frame(number: UInt32($0), timestampMicros: Int64($0) * 33_333) }
        guard let encoder = try? VP8Encoder(width: videoWidth, height: videoHeight, bitrateKbps: videoKbps, speed: speed) else {
            return .nan
        }
        var times: [Duration] = []
        for (index, picture) in pictures.enumerated() {
            let start = ContinuousClock.now
            _ = try? encoder.encode(picture, timestamp90k: Int64(index) * 3000)
            times.append(ContinuousClock.now - start)
        }
        return median(times) * 1e3
    }

    /// Median milliseconds to decode one such frame.
    public static func vp8DecodeMilliseconds(frames: Int) -> Double {
        let source = TestPatternSource(width: videoWidth, height: videoHeight)
        guard let encoder = try? VP8Encoder(width: videoWidth, height: videoHeight, bitrateKbps: videoKbps),
              let decoder = try? VP8Decoder()
        else { return .nan }
        let encoded = (0..<max(frames, 1)).flatMap { index in
            (try? encoder.encode(source.frame(number: UInt32(index), timestampMicros: 0), timestamp90k: Int64(index) * 3000)) ?? []
        }
        var times: [Duration] = []
        for frame in encoded {
            let start = ContinuousClock.now
            _ = decoder.decode(frame.bytes)
            times.append(ContinuousClock.now - start)
        }
        return median(times) * 1e3
    }

    /// Median milliseconds to encode one 640x360 test-pattern frame at 800 kbps with libopenh264
    /// (Constrained Baseline, one thread, `H264Encoder`'s defaults).
    public static func h264EncodeMilliseconds(frames: Int, sliceMode: H264Encoder.SliceMode = H264Encoder.defaultSliceMode,
                                              complexity: Int = H264Encoder.defaultComplexity) -> Double {
        let source = TestPatternSource(width: videoWidth, height: videoHeight)
        let pictures = (0..<max(frames, 1)).map { source.frame(number: UInt32($0), timestampMicros: Int64($0) * 33_333) }
        guard let encoder = try? H264Encoder(width: videoWidth, height: videoHeight, bitrateKbps: videoKbps,
                                             sliceMode: sliceMode, complexity: complexity)
        else { return .nan }
        var times: [Duration] = []
        for (index, picture) in pictures.enumerated() {
            let start = ContinuousClock.now
            _ = try? encoder.encode(picture, timestamp90k: Int64(index) * 3000)
            times.append(ContinuousClock.now - start)
        }
        return median(times) * 1e3
    }

    /// Median milliseconds to decode one such access unit.
    public static func h264DecodeMilliseconds(frames: Int) -> Double {
        let source = TestPatternSource(width: videoWidth, height: videoHeight)
        guard let encoder = try? H264Encoder(width: videoWidth, height: videoHeight, bitrateKbps: videoKbps),
              let decoder = try? H264Decoder()
        else { return .nan }
        let encoded = (0..<max(frames, 1)).flatMap { index in
            (try? encoder.encode(source.frame(number: UInt32(index), timestampMicros: 0), timestamp90k: Int64(index) * 3000)) ?? []
        }
        var times: [Duration] = []
        for frame in encoded {
            let start = ContinuousClock.now
            _ = decoder.decode(frame.bytes)
            times.append(ContinuousClock.now - start)
        }
        return median(times) * 1e3
    }

    /// Median microseconds to encode one 20 ms mono frame of the marker tone at 32 kbps.
    public static func opusEncodeMicroseconds(frames: Int) -> Double {
        var tone = ToneSource()
        let pcm = (0..<max(frames, 1)).map { _ in tone.nextFrame() }
        guard let encoder = try? OpusEncoder(bitrate: 32_000) else { return .nan }
        var times: [Duration] = []
        for frame in pcm {
            let start = ContinuousClock.now
            _ = try? encoder.encode(frame)
            times.append(ContinuousClock.now - start)
        }
        return median(times) * 1e6
    }

    /// Median microseconds to decode one such packet.
    public static func opusDecodeMicroseconds(frames: Int) -> Double {
        var tone = ToneSource()
        guard let encoder = try? OpusEncoder(bitrate: 32_000), let decoder = try? OpusDecoder() else { return .nan }
        let packets = (0..<max(frames, 1)).compactMap { _ in try? encoder.encode(tone.nextFrame()) }
        var times: [Duration] = []
        for packet in packets {
            let start = ContinuousClock.now
            _ = try? decoder.decode(packet)
            times.append(ContinuousClock.now - start)
        }
        return median(times) * 1e6
    }

    /// Median milliseconds to scale one 640x360 test-pattern frame to 320x180.
    public static func downscaleMilliseconds(frames: Int) -> Double {
        let picture = TestPatternSource(width: videoWidth, height: videoHeight).frame(number: 1, timestampMicros: 0)
        var times: [Duration] = []
        var checksum = 0
        for _ in 0..<max(frames, 1) {
            let start = ContinuousClock.now
            let small = picture.scaled(toWidth: videoWidth / 2, height: videoHeight / 2)
            times.append(ContinuousClock.now - start)
            checksum &+= Int(small.y[small.y.count / 2]) // keeps the optimiser from dropping the work
        }
        return median(times) * 1e3 + (checksum == -1 ? 1 : 0)
    }

    /// Median in seconds.
    static func median(_ times: [Duration]) -> Double {
        guard !times.isEmpty else { return .nan }
        let seconds = times.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }.sorted()
        return seconds[seconds.count / 2]
    }
}
