import LinkEmulation
import RTCBase
import Testing

@Suite struct LinkProfileTests {
    @Test func theIssuesSpecReadsAndPrintsBack() throws {
        let profile = try LinkProfile(parsing: "rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%")
        #expect(profile.rate == 500_000)
        #expect(profile.queueLimit == .time(.milliseconds(300)))
        #expect(profile.queueLimitBytes == 18_750)
        #expect(profile.delay == .milliseconds(50))
        #expect(profile.jitter == .milliseconds(10))
        #expect(abs(profile.loss - 0.03) < 1e-12)
        #expect(profile.description == "rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%")
        #expect(profile.impairs)
    }

    @Test(arguments: [
        ("rate=1Mbit", "rate=1Mbit"),
        ("rate=1.5mbit", "rate=1500kbit"),
        ("RATE = 2 Gbit", "rate=2Gbit"),
        ("rate=123bit", "rate=123bit"),
        ("queue=64kB,rate=1Mbit", "rate=1Mbit,queue=64kB"),
        ("queue=1500B", "queue=1500B"),
        ("queue=2KiB", "queue=2048B"),
        ("delay=1s", "delay=1s"),
        ("delay=1500us", "delay=1500us"),
        ("delay=0.5ms", "delay=500us"),
        ("delay=1.25us", "delay=1.25us"),
        ("jitter=10ms", "jitter=10ms"),
        ("loss=0.5%", "loss=0.5%"),
        ("loss=100%", "loss=100%"),
        ("loss=0%", "unlimited"),
        ("unlimited", "unlimited"),
        (" delay=20ms , loss=1% ", "delay=20ms,loss=1%"),
    ])
    func specsRoundTrip(_ spec: String, _ printed: String) throws {
        let profile = try LinkProfile(parsing: spec)
        #expect(profile.description == printed)
        #expect(try LinkProfile(parsing: profile.description) == profile)
    }

    @Test func jitterWithoutDelayIsFine() throws {
        let profile = try LinkProfile(parsing: "jitter=5ms")
        #expect(profile.delay == .zero && profile.jitter == .milliseconds(5))
    }

    @Test func unlimitedImpairsNothing() throws {
        #expect(!LinkProfile.unlimited.impairs)
        #expect(try LinkProfile(parsing: "unlimited") == .unlimited)
        #expect(LinkProfile.unlimited.description == "unlimited")
        // A queue limit alone, with no rate to wait for, holds nothing back.
        #expect(!(try LinkProfile(parsing: "queue=10kB")).impairs)
    }

    @Test(arguments: [
        ("", "the link spec is empty (write for example rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%)"),
        ("bandwidth=1Mbit", "\"bandwidth\" is not a link setting (use rate, queue, delay, jitter, loss)"),
        ("rate", "\"rate\" is not key=value (keys: rate, queue, delay, jitter, loss)"),
        ("rate=", "rate= has no value"),
        ("rate=fast", "rate=fast: \"fast\" is not a number"),
        ("rate=1e6bit", "rate=1e6bit: \"e6bit\" is not a rate unit (bit, kbit, Mbit or Gbit per second)"),
        ("rate=500", "rate=500: say the unit (bit, kbit, Mbit or Gbit per second)"),
        ("rate=500kbps", "rate=500kbps: \"kbps\" is not a rate unit (bit, kbit, Mbit or Gbit per second)"),
        ("rate=0kbit", "rate=0kbit: must be at least 1 bit per second (leave rate out for no limit)"),
        ("rate=1000Gbit", "rate=1000Gbit: must be at most 100Gbit"),
        ("rate=1.2.3Mbit", "rate=1.2.3Mbit: \"1.2.3\" is not a number"),
        ("delay=-5ms", "delay=-5ms: must not be negative"),
        ("delay=50", "delay=50: say the unit (us, ms or s)"),
        ("delay=50min", "delay=50min: \"min\" is not a unit of us, ms or s"),
        ("delay=2h", "delay=2h: \"h\" is not a unit of us, ms or s"),
        ("delay=61s", "delay=61s: must be at most 60s"),
        ("jitter=inf", "jitter=inf: \"inf\" is not a number"),
        ("loss=150%", "loss=150%: must be at most 100%"),
        ("loss=3", "loss=3: write it as a percentage, e.g. loss=3%"),
        ("loss=-1%", "loss=-1%: must not be negative"),
        ("queue=300ms", "a queue given as time needs a rate to drain at (add rate=…, or give the queue in bytes, e.g. queue=64kB)"),
        ("queue=300", "queue=300: say the unit: time (us, ms, s) or bytes (B, kB, MB)"),
        ("queue=3pkt", "queue=3pkt: \"pkt\" is not a unit of time (us, ms, s) or bytes (B, kB, MB)"),
        ("rate=1Mbit,rate=2Mbit", "rate is given twice"),
        ("rate=1Mbit,,loss=1%", "\"rate=1Mbit,,loss=1%\" has an empty setting between commas"),
    ])
    func malformedSpecsSayWhy(_ spec: String, _ message: String) {
        #expect(throws: LinkProfile.ParseError(description: message)) { try LinkProfile(parsing: spec) }
    }

    @Test func mutatedSpecsNeverCrash() throws {
        // Every single-character change of a valid spec parses or throws; nothing traps.
        let spec = Array("rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%")
        let alphabet = Array("0123456789.,=%-+ kMGBbitmsu")
        var parsed = 0
        for index in spec.indices {
            for character in alphabet {
                var mutated = spec
                mutated[index] = character
                if let profile = try? LinkProfile(parsing: String(mutated)) {
                    parsed += 1
                    #expect(try LinkProfile(parsing: profile.description) == profile, "\(String(mutated))")
                }
            }
        }
        #expect(parsed > 0)
    }
}
