import RTCBase

/// Reading `rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%`.
extension LinkProfile {
    /// Why a spec was refused, in one sentence that quotes the part at fault.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Every setting a spec may hold, in the order `description` writes them.
    public static let settingNames = ["rate", "queue", "delay", "jitter", "loss"]

    /// Parses a comma-separated list of `key=value` settings, each at most once. Units: rate in
    /// bit, kbit, Mbit or Gbit (per second, decimal multiples); queue as time (us, ms, s) at the
    /// link's rate or as bytes (B, kB, MB; KiB, MiB); delay and jitter in us, ms or s; loss in %.
    /// Spaces around items are ignored; letters of units are not case-sensitive except that they
    /// must name one of these.
    public init(parsing spec: String) throws(ParseError) {
        let trimmed = spec.trimmingSpaces
        guard !trimmed.isEmpty else {
            throw ParseError(description: "the link spec is empty (write for example rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%)")
        }
        self.init()
        if trimmed.lowercased() == "unlimited" { return }
        var seen: Set<String> = []
        for rawItem in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let item = rawItem.trimmingSpaces
            guard !item.isEmpty else { throw ParseError(description: "\"\(spec)\" has an empty setting between commas") }
            guard let equals = item.firstIndex(of: "=") else {
                throw ParseError(description: "\"\(item)\" is not key=value (keys: \(Self.settingNames.joined(separator: ", ")))")
            }
            let key = item[..<equals].trimmingSpaces.lowercased()
            let value = item[item.index(after: equals)...].trimmingSpaces
            guard Self.settingNames.contains(key) else {
                throw ParseError(description: "\"\(key)\" is not a link setting (use \(Self.settingNames.joined(separator: ", ")))")
            }
            guard seen.insert(key).inserted else { throw ParseError(description: "\(key) is given twice") }
            let quantity = try Quantity(key: key, value: value)
            switch key {
            case "rate": rate = try quantity.rate()
            case "queue": queueLimit = try quantity.queueLimit()
            case "delay": delay = try quantity.duration()
            case "jitter": jitter = try quantity.duration()
            default: loss = try quantity.percentage()
            }
        }
        if case .time = queueLimit, rate == nil {
            throw ParseError(description: "a queue given as time needs a rate to drain at (add rate=…, or give the queue in bytes, e.g. queue=64kB)")
        }
    }
}

/// One setting's value split into its number and its unit, with the checks every setting shares.
private struct Quantity {
    let key: String
    let text: String
    let number: Double
    let unit: String

    init(key: String, value: String) throws(LinkProfile.ParseError) {
        self.key = key
        text = value
        guard !value.isEmpty else { throw LinkProfile.ParseError(description: "\(key)= has no value") }
        let numeric = value.prefix { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }
        unit = String(value[numeric.endIndex...]).trimmingSpaces
        // Digits and at most one point: no exponents, hex, "inf" or "nan" that Double would take.
        let digits = numeric.drop { $0 == "-" || $0 == "+" }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isNumber || $0 == "." }), digits.filter({ $0 == "." }).count <= 1,
              digits != ".", numeric.count - digits.count <= 1, let parsed = Double(numeric)
        else {
            throw LinkProfile.ParseError(description: "\(key)=\(value): \"\(numeric.isEmpty ? value : String(numeric))\" is not a number")
        }
        guard parsed >= 0 else { throw LinkProfile.ParseError(description: "\(key)=\(value): must not be negative") }
        number = parsed
    }

    func failure(_ why: String) -> LinkProfile.ParseError {
        LinkProfile.ParseError(description: "\(key)=\(text): \(why)")
    }

    func rate() throws(LinkProfile.ParseError) -> Int {
        let scales: [String: Double] = ["bit": 1, "kbit": 1e3, "mbit": 1e6, "gbit": 1e9]
        guard !unit.isEmpty else { throw failure("say the unit (bit, kbit, Mbit or Gbit per second)") }
        guard let scale = scales[unit.lowercased()] else {
            throw failure("\"\(unit)\" is not a rate unit (bit, kbit, Mbit or Gbit per second)")
        }
        let bits = (number * scale).rounded()
        guard bits >= 1 else { throw failure("must be at least 1 bit per second (leave rate out for no limit)") }
        guard bits <= Double(LinkProfile.maximumRate) else { throw failure("must be at most 100Gbit") }
        return Int(bits)
    }

    func queueLimit() throws(LinkProfile.ParseError) -> LinkProfile.QueueLimit {
        let byteScales: [String: Double] = ["b": 1, "kb": 1e3, "mb": 1e6, "kib": 1024, "mib": 1_048_576]
        guard !unit.isEmpty else { throw failure("say the unit: time (us, ms, s) or bytes (B, kB, MB)") }
        if let scale = byteScales[unit.lowercased()] {
            let bytes = (number * scale).rounded()
            guard bytes <= Double(LinkProfile.maximumQueueBytes) else { throw failure("must be at most 1000MB") }
            return .bytes(Int(bytes))
        }
        return .time(try duration(units: "time (us, ms, s) or bytes (B, kB, MB)"))
    }

    func duration(units: String = "us, ms or s") throws(LinkProfile.ParseError) -> Duration {
        let scales: [String: Double] = ["us": 1e3, "ms": 1e6, "s": 1e9]
        guard !unit.isEmpty else { throw failure("say the unit (\(units))") }
        guard let scale = scales[unit.lowercased()] else { throw failure("\"\(unit)\" is not a unit of \(units)") }
        let nanoseconds = (number * scale).rounded()
        guard nanoseconds <= Double(LinkProfile.maximumDelay.nanosecondsClamped) else { throw failure("must be at most 60s") }
        return .nanoseconds(Int64(nanoseconds))
    }

    func percentage() throws(LinkProfile.ParseError) -> Double {
        guard unit == "%" else { throw failure("write it as a percentage, e.g. \(key)=3%") }
        guard number <= 100 else { throw failure("must be at most 100%") }
        return number / 100
    }
}

private extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
