/// `kaamos-tui load --json`: the fields of ../shared/CLI.md, for the whole run and per room.
public struct LoadReport: Codable, Sendable {
    public struct Percentiles: Codable, Sendable {
        public var p50: Double?
        public var p95: Double?
        public var p99: Double?

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            func at(_ fraction: Double) -> Double? {
                sorted.isEmpty ? nil : sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
            }
            p50 = at(0.50)
            p95 = at(0.95)
            p99 = at(0.99)
        }
    }

    public struct Figures: Codable, Sendable {
        public var room_id: String?
        public var peers: Int
        public var connected: Int
        public var failed: Int
        public var join_ms: Percentiles
        public var loss_pct: Double?
        public var jitter_ms: Double?
        public var rtt_ms: Double?
        public var freezes: Int
        public var video_fps: Double?
        public var bitrate_kbps: ProbeReport.Bitrate
    }

    public var peers: Int
    public var connected: Int
    public var failed: Int
    public var join_ms: Percentiles
    public var loss_pct: Double?
    public var jitter_ms: Double?
    public var rtt_ms: Double?
    public var freezes: Int
    public var video_fps: Double?
    public var bitrate_kbps: ProbeReport.Bitrate
    /// The load generator's own CPU, as a percentage of one core.
    public var cpu_pct: Double
    public var rooms: [Figures]
    public var errors: [String]
    /// Every peer's emulated links added up (`--link`, `--uplink`, `--downlink`); nil without.
    public var link: ProbeReport.Link? = nil

    /// A numeric field by name, for `--expect`.
    public func value(named name: String) -> Double?? {
        switch name {
        case "peers": return .some(Double(peers))
        case "connected": return .some(Double(connected))
        case "failed": return .some(Double(failed))
        case "join_ms.p50", "join_p50_ms": return .some(join_ms.p50)
        case "join_ms.p95", "join_p95_ms": return .some(join_ms.p95)
        case "join_ms.p99", "join_p99_ms": return .some(join_ms.p99)
        case "loss_pct": return .some(loss_pct)
        case "jitter_ms": return .some(jitter_ms)
        case "rtt_ms": return .some(rtt_ms)
        case "freezes": return .some(Double(freezes))
        case "video_fps": return .some(video_fps)
        case "cpu_pct": return .some(cpu_pct)
        default: return nil
        }
    }
}
