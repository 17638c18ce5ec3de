// modules: RTCBase RTCMedia RTCCongestion
// The CPU cost per packet of the send-side estimate and the pacer, optimized as a release build
// would be: scripts/congestion-bench.sh. A sender at 2 Mbit/s in 1,200-byte packets with
// transport-wide feedback every 50 ms, 2% of packets reported lost, 60 s of virtual time.

@main
struct CongestionBench {
    static func main() {
        let seconds = 60
        let packetsPerSecond = 2_000_000 / 8 / 1200
        let total = seconds * packetsPerSecond
        let interval = Duration.nanoseconds(1_000_000_000 / Int64(packetsPerSecond))

        var estimator = SendSideBandwidthEstimator()
        var recorder = TransportFeedbackRecorder()
        var random = SeededRandom(seed: 1)
        var now = Instant.zero
        var nextFeedback = Instant.milliseconds(50)
        var feedbacks: [TransportFeedback] = []
        // The receiver's side is built first, so the timed loop measures the sender only.
        var sent: [(UInt16, Instant)] = []
        for _ in 0..<total {
            let sequence = estimator.packetSent(size: 1240, now: now)
            sent.append((sequence, now))
            now = now + interval
        }
        now = .zero
        var index = 0
        var queue: [[(UInt16, Instant)]] = []
        while index < sent.count {
            let until = nextFeedback
            var batch: [(UInt16, Instant)] = []
            while index < sent.count, sent[index].1 < until {
                if random.next() % 50 != 0 { batch.append(sent[index]) }
                index += 1
            }
            for (sequence, at) in batch { recorder.record(sequenceNumber: sequence, arrival: at + .milliseconds(20)) }
            feedbacks.append(contentsOf: recorder.makeFeedback(senderSSRC: 1, mediaSSRC: 2, now: until + .milliseconds(20)))
            queue.append(batch)
            nextFeedback = nextFeedback + .milliseconds(50)
        }

        var fresh = SendSideBandwidthEstimator()
        let clock = ContinuousClock()
        now = .zero
        let estimateTime = clock.measure {
            var feedbackIndex = 0
            var nextFeedbackAt = Instant.milliseconds(70)
            for _ in 0..<total {
                _ = fresh.packetSent(size: 1240, now: now)
                if now >= nextFeedbackAt, feedbackIndex < feedbacks.count {
                    fresh.handle(feedbacks[feedbackIndex], now: now)
                    feedbackIndex += 1
                    nextFeedbackAt = nextFeedbackAt + .milliseconds(50)
                }
                now = now + interval
            }
        }

        var pacer = Pacer<[UInt8]>(pacingRate: 5_000_000)
        let payload = [UInt8](repeating: 0, count: 1200)
        now = .zero
        var paced = 0
        let pacerTime = clock.measure {
            for packet in 0..<total {
                pacer.enqueue(payload, size: 1200, priority: packet % 10 == 0 ? .audio : .video, now: now)
                while pacer.dequeue(now: now) != nil { paced += 1 }
                now = now + interval
            }
        }

        func nanosecondsPerPacket(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1e9 / Double(total) + Double(duration.components.attoseconds) / 1e9 / Double(total)
        }
        print("packets: \(total) (\(seconds) s at 2 Mbit/s), feedback messages: \(feedbacks.count)")
        print("estimator: \(String(format1: nanosecondsPerPacket(estimateTime))) ns per packet (numbering + its share of feedback)")
        print("pacer: \(String(format1: nanosecondsPerPacket(pacerTime))) ns per packet (enqueue + dequeue), \(paced) paced")
        print("final target: \(fresh.targetBitrate) bit/s")
    }
}

extension String {
    init(format1 value: Double) { self = String(Double(Int(value * 10)) / 10) }
}
