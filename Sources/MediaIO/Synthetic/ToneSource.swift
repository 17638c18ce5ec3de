import Foundation

/// A fake microphone: a 48 kHz sine with an `AudioMarker` every `markerInterval` samples, so a
/// receiver can measure audio latency and loss with `AudioMarkerDetector`.
///
/// Every sample is a pure function of its position; marker k starts at sample
/// `firstMarkerPosition + k * markerInterval` and carries sequence number k (modulo 2^16).
public struct ToneSource: Sendable {
    public static let sampleRate = 48_000

    public var frequency: Double
    /// Peak amplitude as a fraction of full scale (0...1).
    public var level: Double
    public let channels: Int
    /// Samples per channel in each frame `nextFrame` returns (960 = 20 ms).
    public let samplesPerChannel: Int
    /// Samples between marker starts; nil for a plain tone.
    public var markerInterval: Int?
    public var firstMarkerPosition: Int64
    /// Sample position (per channel) of the next frame's first sample.
    public private(set) var position: Int64 = 0

    public init(frequency: Double = 440, level: Double = 0.3, channels: Int = 1, frameMilliseconds: Int = 20,
                markerInterval: Int? = 48_000, firstMarkerPosition: Int64 = 24_000) {
        precondition(channels == 1 || channels == 2, "tone channels must be 1 or 2")
        precondition(markerInterval.map { $0 > AudioMarker.length } ?? true, "markers would overlap")
        self.frequency = frequency
        self.level = level
        self.channels = channels
        samplesPerChannel = Self.sampleRate / 1000 * frameMilliseconds
        self.markerInterval = markerInterval
        self.firstMarkerPosition = firstMarkerPosition
    }

    /// Where the marker with index `index` (counting from 0, before wrapping to a 16-bit sequence) starts.
    public func markerPosition(index: Int64) -> Int64? {
        markerInterval.map { firstMarkerPosition + index * Int64($0) }
    }

    /// The next frame of interleaved samples.
    public mutating func nextFrame() -> [Int16] {
        var output = [Int16](repeating: 0, count: samplesPerChannel * channels)
        let scale = level * Double(Int16.max)
        var cachedMarker: (index: Int64, samples: [Float])?
        for offset in 0..<samplesPerChannel {
            let at = position + Int64(offset)
            var value = sin(2 * .pi * frequency * Double(at) / Double(Self.sampleRate))
            if let interval = markerInterval, at >= firstMarkerPosition {
                let index = (at - firstMarkerPosition) / Int64(interval)
                let within = Int((at - firstMarkerPosition) % Int64(interval))
                if within < AudioMarker.length {
                    if cachedMarker?.index != index {
                        cachedMarker = (index, AudioMarker.waveform(sequence: UInt16(truncatingIfNeeded: index)))
                    }
                    value = Double(cachedMarker!.samples[within])
                }
            }
            let sample = Int16(clamping: Int((value * scale).rounded()))
            for channel in 0..<channels { output[offset * channels + channel] = sample }
        }
        position += Int64(samplesPerChannel)
        return output
    }
}
