/// `kaamos-tui turn-check --json`: one object with the fields ../shared/CLI.md and the man page list.
public struct TURNCheckReport: Codable, Sendable, Equatable {
    public struct RoundTrip: Codable, Sendable, Equatable {
        public var min: Double
        public var avg: Double
        public var max: Double

        /// nil for no samples.
        init?(samples: [Double]) {
            guard let low = samples.min(), let high = samples.max() else { return nil }
            min = low
            avg = samples.reduce(0, +) / Double(samples.count)
            max = high
        }
    }

    /// One way of sending through the relay: Send indications, or ChannelData after ChannelBind.
    public struct Path: Codable, Sendable, Equatable {
        public var sent = 0
        public var received = 0
        public var rtt_ms: RoundTrip?
    }

    public var ok = false
    /// The URL checked, transport spelled out.
    public var server: String
    /// udp, tcp or tls.
    public var transport: String
    /// The address the host name resolved to.
    public var server_address: String?
    public var relayed: String?
    /// Our address as the TURN server saw it (server-reflexive).
    public var mapped: String?
    /// TCP connect and TLS handshake, nil over UDP.
    public var connect_ms: Double?
    /// From the first Allocate to its success, the 401 round trip included.
    public var allocate_ms: Double?
    /// Over both paths.
    public var rtt_ms: RoundTrip?
    public var loss_pct: Double?
    public var sent = 0
    public var received = 0
    public var send_indication = Path()
    public var channel_data = Path()
    /// resolve, connect, allocate, auth, permission, channel or relay; nil when the check passed.
    public var failed_step: String?
    public var errors: [String] = []

    public init(server: String, transport: String) {
        self.server = server
        self.transport = transport
    }

    /// The report for a person: one line per finding.
    public var summary: String {
        func milliseconds(_ value: Double?) -> String { value.map { format($0) + " ms" } ?? "-" }
        func path(_ name: String, _ path: Path) -> String {
            let rtt = path.rtt_ms.map { "rtt min/avg/max \(format($0.min))/\(format($0.avg))/\(format($0.max)) ms" } ?? "no rtt"
            return "\(name)\(path.received)/\(path.sent) echoed, \(rtt)"
        }
        var lines = ["server           \(server)" + (server_address.map { " (\($0))" } ?? "")]
        if let relayed { lines.append("relayed          \(relayed)") }
        if let mapped { lines.append("mapped           \(mapped)") }
        if let connect_ms { lines.append("connect          \(milliseconds(connect_ms))") }
        if let allocate_ms { lines.append("allocate         \(milliseconds(allocate_ms))") }
        if send_indication.sent > 0 { lines.append(path("send indication  ", send_indication)) }
        if channel_data.sent > 0 { lines.append(path("channel data     ", channel_data)) }
        if sent > 0 { lines.append("loss             \(format(loss_pct ?? 0))% (\(sent) sent, \(received) echoed)") }
        lines.append(ok ? "result           ok" : "result           failed at \(failed_step ?? "?")")
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return String(rounded)
    }
}
