#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RTCBase

/// Micro-benchmarks for `kaamos-tui bench`: medians of many timed batches, in CPU time of the
/// calling thread (robust on a busy machine). Meaningful only in a release build. NaN on failure.
public enum SecurityBenchmark {
    /// Median CPU nanoseconds to protect one RTP packet of 12 header + `payloadSize` bytes
    /// (includes copying the plaintext into the work buffer, a few tens of nanoseconds).
    public static func srtpProtectNanoseconds(profile: SRTPProfile, payloadSize: Int, iterations: Int) -> Double {
        let key = [UInt8](repeating: 0x11, count: profile.keyLength)
        let salt = [UInt8](repeating: 0x22, count: profile.saltLength)
        guard iterations > 0, let sender = try? SRTPSession(profile: profile, key: key, salt: salt, direction: .outbound) else {
            return .nan
        }
        let template = packet(sequence: 0, payloadSize: payloadSize)
        var work = [UInt8]()
        work.reserveCapacity(template.count + profile.rtpOverhead)
        var sequence: UInt16 = 0
        return medianPerOperation(iterations: iterations) {
            work.removeAll(keepingCapacity: true)
            work.append(contentsOf: template)
            sequence &+= 1
            work[2] = UInt8(sequence >> 8)
            work[3] = UInt8(truncatingIfNeeded: sequence)
            return (try? sender.protectRTP(&work)) != nil
        }
    }

    /// Median CPU nanoseconds to verify and decrypt one SRTP packet (payload as above).
    public static func srtpUnprotectNanoseconds(profile: SRTPProfile, payloadSize: Int, iterations: Int) -> Double {
        let key = [UInt8](repeating: 0x11, count: profile.keyLength)
        let salt = [UInt8](repeating: 0x22, count: profile.saltLength)
        guard iterations > 0,
              let sender = try? SRTPSession(profile: profile, key: key, salt: salt, direction: .outbound),
              let receiver = try? SRTPSession(profile: profile, key: key, salt: salt, direction: .inbound)
        else { return .nan }
        // Every packet must be new to the receiver's replay window, so protect them all up front.
        var protected: [[UInt8]] = []
        protected.reserveCapacity(iterations)
        for index in 0..<iterations {
            var next = packet(sequence: UInt16(truncatingIfNeeded: index), payloadSize: payloadSize)
            guard (try? sender.protectRTP(&next)) != nil else { return .nan }
            protected.append(next)
        }
        var work = [UInt8]()
        work.reserveCapacity(protected[0].count)
        var index = 0
        return medianPerOperation(iterations: iterations) {
            work.removeAll(keepingCapacity: true)
            work.append(contentsOf: protected[index])
            index += 1
            return (try? receiver.unprotectRTP(&work)) != nil
        }
    }

    /// Median CPU milliseconds of one complete DTLS-SRTP handshake, both sides, over memory with no
    /// loss (transport creation included, certificate generation not).
    public static func dtlsHandshakeMilliseconds(runs: Int) -> Double {
        guard runs > 0, let clientCertificate = try? DTLSCertificate.generate(),
              let serverCertificate = try? DTLSCertificate.generate() else { return .nan }
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = threadCPUNanoseconds()
            guard handshake(clientCertificate, serverCertificate) else { return .nan }
            samples.append(Double(threadCPUNanoseconds() - start) / 1e6)
        }
        return median(samples)
    }

    /// Median CPU milliseconds to generate a `DTLSCertificate`.
    public static func certificateGenerationMilliseconds(runs: Int) -> Double {
        guard runs > 0 else { return .nan }
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = threadCPUNanoseconds()
            guard (try? DTLSCertificate.generate()) != nil else { return .nan }
            samples.append(Double(threadCPUNanoseconds() - start) / 1e6)
        }
        return median(samples)
    }

    // MARK: - Helpers

    private static func handshake(_ clientCertificate: DTLSCertificate, _ serverCertificate: DTLSCertificate) -> Bool {
        guard let client = try? DTLSTransport(role: .client, certificate: clientCertificate,
                                              remoteFingerprint: serverCertificate.fingerprint),
              let server = try? DTLSTransport(role: .server, certificate: serverCertificate,
                                              remoteFingerprint: clientCertificate.fingerprint)
        else { return false }
        let now = Instant.zero
        server.start(now: now)
        client.start(now: now)
        var connected = 0
        var progress = true
        while progress, connected < 2 {
            progress = false
            for (from, to) in [(client, server), (server, client)] {
                while let output = from.pollOutput() {
                    progress = true
                    switch output {
                    case let .transmit(bytes): to.handleDatagram(bytes, now: now)
                    case .connected: connected += 1
                    case .failed, .closed: return false
                    case .applicationData: break
                    }
                }
            }
        }
        return connected == 2
    }

    private static func packet(sequence: UInt16, payloadSize: Int) -> [UInt8] {
        var writer = ByteWriter(capacity: 12 + payloadSize + 16)
        writer.write(UInt8(0x80))
        writer.write(UInt8(96))
        writer.write(sequence)
        writer.write(UInt32(0x1234_5678))
        writer.write(UInt32(0xcafe_babe))
        for index in 0..<max(0, payloadSize) { writer.write(UInt8(truncatingIfNeeded: index)) }
        return writer.bytes
    }

    /// Splits the iterations into up to 31 batches and returns the median batch's time per operation.
    private static func medianPerOperation(iterations: Int, _ operation: () -> Bool) -> Double {
        let batches = min(31, iterations)
        let perBatch = iterations / batches
        var samples: [Double] = []
        for _ in 0..<batches {
            let start = threadCPUNanoseconds()
            for _ in 0..<perBatch where !operation() { return .nan }
            samples.append(Double(threadCPUNanoseconds() - start) / Double(perBatch))
        }
        return median(samples)
    }

    private static func median(_ samples: [Double]) -> Double {
        guard !samples.isEmpty else { return .nan }
        let sorted = samples.sorted()
        return sorted[sorted.count / 2]
    }

    private static func threadCPUNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
