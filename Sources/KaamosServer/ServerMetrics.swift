import Foundation
import NIOConcurrencyHelpers
import Prometheus
import KaamosWire

/// The Prometheus metrics of `/metrics`: live rooms and participants, forwarded media (from the
/// router's counters), rooms created, and errors by kind.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let rooms: Gauge
    private let participants: Gauge
    private let adminSubscribers: Gauge
    private let roomsCreated: Counter
    private let forwardedPackets: Counter
    private let forwardedBytes: Counter
    /// The router's totals at the last scrape, to turn them into counter increments.
    private let lastCounters = NIOLockedValueBox(MediaCounters())

    public init() {
        rooms = registry.makeGauge(descriptor: Self.rooms)
        participants = registry.makeGauge(descriptor: Self.participants)
        adminSubscribers = registry.makeGauge(descriptor: Self.adminSubscribers)
        roomsCreated = registry.makeCounter(descriptor: Self.roomsCreated)
        forwardedPackets = registry.makeCounter(descriptor: Self.forwardedPackets)
        forwardedBytes = registry.makeCounter(descriptor: Self.forwardedBytes)
        for code in SignalingError.Code.known {
            _ = registry.makeCounter(descriptor: Self.signalingErrors, labels: [("code", code.rawValue)])
        }
    }

    static func name(_ name: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "kaamos", metricName: name, unitName: unit, helpText: help)
    }

    static var rooms: MetricNameDescriptor { name("rooms", help: "Live rooms.") }
    static var participants: MetricNameDescriptor { name("participants", help: "Participants in all rooms.") }
    static var adminSubscribers: MetricNameDescriptor { name("admin_subscribers", help: "Open admin event streams.") }
    static var roomsCreated: MetricNameDescriptor { name("rooms_created", unit: "total", help: "Rooms created since start.") }
    static var forwardedPackets: MetricNameDescriptor { name("forwarded_packets", unit: "total", help: "RTP packets the SFU forwarded.") }
    static var forwardedBytes: MetricNameDescriptor { name("forwarded_bytes", unit: "total", help: "Bytes the SFU forwarded.") }
    static var signalingErrors: MetricNameDescriptor { name("signaling_errors", unit: "total", help: "Error messages sent to WebSocket clients.") }
    static var httpErrors: MetricNameDescriptor { name("http_errors", unit: "total", help: "HTTP answers with a 4xx or 5xx status.") }

    func roomCreated() {
        roomsCreated.increment()
    }

    func signalingError(_ code: SignalingError.Code) {
        registry.makeCounter(descriptor: Self.signalingErrors, labels: [("code", code.rawValue)]).increment()
    }

    func httpError(status: Int) {
        registry.makeCounter(descriptor: Self.httpErrors, labels: [("status", String(status))]).increment()
    }

    /// Brings the gauges and the media counters up to date and renders the exposition text.
    func render(rooms roomCount: Int, participants participantCount: Int, subscribers: Int, media: MediaCounters) -> String {
        rooms.set(to: Double(roomCount))
        participants.set(to: Double(participantCount))
        adminSubscribers.set(to: Double(subscribers))
        lastCounters.withLockedValue { last in
            // A router that restarted its counters starts a new baseline rather than going backwards.
            let packets = media.forwardedPackets - last.forwardedPackets
            let bytes = media.forwardedBytes - last.forwardedBytes
            if packets > 0 { forwardedPackets.increment(by: packets) }
            if bytes > 0 { forwardedBytes.increment(by: bytes) }
            last = media
        }
        return registry.emitToString()
    }
}
