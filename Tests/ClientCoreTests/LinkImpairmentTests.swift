import LinkEmulation
import Testing
@testable import ClientCore

/// `--link`, `--uplink`, `--downlink` as probe and load read them.
@Suite struct LinkImpairmentTests {
    @Test func linkSetsBothDirections() throws {
        let impairment = try LinkImpairment(link: "rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%", uplink: nil, downlink: nil)
        #expect(impairment.uplink == impairment.downlink)
        #expect(impairment.uplink?.description == "rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%")
        #expect(impairment.isActive)
    }

    @Test func eachDirectionReplacesLinkForItself() throws {
        let impairment = try LinkImpairment(link: "delay=20ms", uplink: "rate=1Mbit", downlink: nil)
        #expect(impairment.uplink?.description == "rate=1Mbit")
        #expect(impairment.downlink?.description == "delay=20ms")
        let down = try LinkImpairment(link: nil, uplink: nil, downlink: "loss=20%")
        #expect(down.uplink == nil && down.downlink?.loss == 0.2)
    }

    @Test func nothingOrUnlimitedImpairsNothing() throws {
        #expect(!(try LinkImpairment(link: nil, uplink: nil, downlink: nil)).isActive)
        let unlimited = try LinkImpairment(link: "loss=5%", uplink: "unlimited", downlink: nil)
        #expect(unlimited.uplink == nil && unlimited.downlink?.loss == 0.05)
    }

    @Test(arguments: [
        ("rate=5" as String?, nil as String?, nil as String?, "--link: rate=5: say the unit (bit, kbit, Mbit or Gbit per second)"),
        (nil, "loss=120%", nil, "--uplink: loss=120%: must be at most 100%"),
        (nil, nil, "latency=5ms", "--downlink: \"latency\" is not a link setting (use rate, queue, delay, jitter, loss)"),
        ("delay=5ms", nil, "", "--downlink: the link spec is empty (write for example rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%)"),
        (nil, "queue=300ms", nil, "--uplink: a queue given as time needs a rate to drain at (add rate=…, or give the queue in bytes, e.g. queue=64kB)"),
    ])
    func badSpecsNameTheirOption(_ link: String?, _ uplink: String?, _ downlink: String?, _ message: String) {
        do {
            let impairment = try LinkImpairment(link: link, uplink: uplink, downlink: downlink)
            Issue.record("accepted as \(impairment)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func probeReportFieldsOfTheLinkAreExpectable() throws {
        var counters = LinkCounters()
        counters.offeredPackets = 100
        counters.lostPackets = 20
        let direction = ProbeReport.Link.Direction(profile: try LinkProfile(parsing: "loss=20%"), counters: counters)
        var report = ProbeReport(ok: true, room_id: "r", join: .init(), rtt_ms: nil, jitter_ms: nil, loss_pct: nil,
                                 video_fps: nil, freezes: 0, e2e_latency_ms: nil, bitrate_kbps: .init(sent: 0, received: 0),
                                 errors: [], rejoins: 0, link: ProbeReport.Link(uplink: nil, downlink: direction))
        #expect(report.value(named: "link.downlink.lost") == .some(20))
        #expect(report.value(named: "link.downlink.offered_packets") == .some(100))
        #expect(report.value(named: "link.uplink.lost") == .some(nil))
        #expect(report.value(named: "link.downlink.nothing") == nil)
        #expect(report.value(named: "rejoins") == .some(0))
        #expect(try Expectation(parsing: "link.downlink.lost>10").failure(in: report) == nil)
        report.link = nil
        #expect(try Expectation(parsing: "link.downlink.lost>10").failure(in: report) == "link.downlink.lost>10.0 failed: link.downlink.lost was not measured")
    }
}
