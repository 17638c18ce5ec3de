import LinkEmulation
import RTCBase
import RTCCongestion
import RTCMedia

/// One sender and one receiver across an emulated bottleneck, all on virtual time: the sender
/// encodes at the estimate (an ideal encoder: 30 frames a second of target/30 bits, plus 20 ms
/// audio), paces, numbers every packet; the receiver records arrivals and returns transport-wide
/// feedback every 50 ms over an unimpaired return path of the same delay.
struct BottleneckCall {
    struct Sample {
        var time: Instant
        var target: Int
        var queueDelay: Duration
    }

    var estimator = SendSideBandwidthEstimator()
    var pacer = Pacer<[UInt8]>(pacingRate: 1_500_000)
    var forward: EmulatedLink
    var back: EmulatedLink
    var recorder = TransportFeedbackRecorder()
    var now = Instant.zero
    var samples: [Sample] = []
    /// Bytes that entered the bottleneck, by whole second.
    var sentBytesPerSecond: [Int] = []
    private var nextFrame = Instant.zero
    private var nextAudio = Instant.zero
    private var nextFeedback = Instant.milliseconds(50)
    private var nextSample = Instant.zero
    private let address = TransportAddress(ip: .v4(10, 0, 0, 1), port: 5000)

    init(link: LinkProfile, seed: UInt64 = 1) {
        forward = EmulatedLink(profile: link, seed: seed)
        back = EmulatedLink(profile: LinkProfile(delay: link.delay), seed: seed + 1)
    }

    mutating func changeLink(to profile: LinkProfile) {
        // The queue drains into the new link: what waits is kept by delivering it first.
        var replacement = EmulatedLink(profile: profile, seed: UInt64(now.nanoseconds))
        for datagram in forward.deliver(now: .init(nanoseconds: .max / 2)) { _ = replacement.send(datagram, now: now) }
        forward = replacement
    }

    mutating func run(until end: Instant) {
        while now < end {
            let next = [nextFrame, nextAudio, nextFeedback, nextSample, pacer.nextSendTime() ?? end,
                        forward.nextDelivery() ?? end, back.nextDelivery() ?? end, end].min()!
            now = max(now, next)
            if now >= nextFrame {
                let videoBits = max(estimator.targetBitrate - 40_000, 30_000) / 30
                var remaining = videoBits / 8
                while remaining > 0 {
                    let size = min(remaining, 1200)
                    pacer.enqueue([UInt8](repeating: 0, count: size + 40), size: size + 40, priority: .video, now: now)
                    remaining -= size
                }
                nextFrame = nextFrame + .nanoseconds(33_333_333)
            }
            if now >= nextAudio {
                pacer.enqueue([UInt8](repeating: 0, count: 100), size: 100, priority: .audio, now: now)
                nextAudio = nextAudio + .milliseconds(20)
            }
            while var packet = pacer.dequeue(now: now) {
                let sequence = estimator.packetSent(size: packet.count, now: now)
                packet[0] = UInt8(sequence >> 8)
                packet[1] = UInt8(sequence & 0xFF)
                let second = Int(now.nanoseconds / 1_000_000_000)
                while sentBytesPerSecond.count <= second { sentBytesPerSecond.append(0) }
                sentBytesPerSecond[second] += packet.count + 28
                // The link counts IP and UDP headers too.
                _ = forward.send(Datagram(source: address, destination: address, payload: packet + [UInt8](repeating: 0, count: 28)), now: now)
            }
            for datagram in forward.deliver(now: now) {
                recorder.record(sequenceNumber: UInt16(datagram.payload[0]) << 8 | UInt16(datagram.payload[1]), arrival: now)
            }
            if now >= nextFeedback {
                for feedback in recorder.makeFeedback(senderSSRC: 1, mediaSSRC: 2, now: now) {
                    let bytes = RTCPPacket.serializeCompound([.transportFeedback(feedback)])
                    _ = back.send(Datagram(source: address, destination: address, payload: bytes), now: now)
                }
                nextFeedback = nextFeedback + .milliseconds(50)
            }
            for datagram in back.deliver(now: now) {
                if case let .transportFeedback(feedback)? = try? RTCPPacket(bytes: datagram.payload) {
                    estimator.handle(feedback, now: now)
                }
            }
            estimator.updateRoundTripTime(forward.profile.delay * 2 + forward.queueDelay(now: now))
            estimator.handleTimeout(now: now)
            pacer.pacingRate = Int(Double(estimator.targetBitrate) * 2.5)
            if now >= nextSample {
                samples.append(Sample(time: now, target: estimator.targetBitrate, queueDelay: forward.queueDelay(now: now)))
                nextSample = nextSample + .milliseconds(100)
            }
        }
    }

    func samples(from start: Instant, to end: Instant) -> [Sample] {
        samples.filter { $0.time >= start && $0.time < end }
    }
}
