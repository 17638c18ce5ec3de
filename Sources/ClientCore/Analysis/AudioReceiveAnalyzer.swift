import MediaIO
import RTC
import RTCBase

/// Decodes one remote Opus track, conceals gaps, and finds the synthetic tone's markers.
public final class AudioReceiveAnalyzer {
    public private(set) var packetsReceived = 0
    public private(set) var packetsDecoded = 0
    public private(set) var packetsConcealed = 0
    public private(set) var markersFound = 0
    public private(set) var firstPacketAt: Instant?
    private var lastSequence: UInt16?
    private let decoder: OpusDecoder?
    private var markers = AudioMarkerDetector(channels: 1)

    public init() {
        decoder = try? OpusDecoder(channels: 1)
    }

    /// Decodes in arrival order; a sequence gap is concealed (PLC) so marker positions stay right.
    public func receive(_ packet: ReceivedAudioPacket, now: Instant) {
        packetsReceived += 1
        if firstPacketAt == nil { firstPacketAt = now }
        guard let decoder else { return }
        if let last = lastSequence {
            let gap = packet.sequenceNumber &- last
            guard gap != 0, gap < 0x8000 else { return }  // duplicate or late: already concealed
            for _ in 1..<min(Int(gap), 10) {
                markersFound += markers.process(decoder.decodeMissing(frameSamples: 960)).count
                packetsConcealed += 1
            }
        }
        lastSequence = packet.sequenceNumber
        if let pcm = try? decoder.decode(packet.payload) {
            packetsDecoded += 1
            markersFound += markers.process(pcm).count
        }
    }
}
