/// A `--expect NAME<OP>VALUE` check on a report field, e.g. `first_video_ms<1000`.
public struct Expectation: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        // Two-character operators first, so "<=" is not read as "<".
        case lessOrEqual = "<=", greaterOrEqual = ">=", notEqual = "!=", equal = "==", less = "<", greater = ">"
    }

    public var name: String
    public var op: Operator
    public var value: Double

    public init(parsing text: String) throws(ExpectationError) {
        for op in Operator.allCases {
            guard let range = text.range(of: op.rawValue) else { continue }
            let name = text[..<range.lowerBound].trimmingSpaces()
            let number = text[range.upperBound...].trimmingSpaces()
            guard !name.isEmpty, let value = Double(number) else { throw .malformed(text) }
            self.name = name
            self.op = op
            self.value = value
            return
        }
        throw .malformed(text)
    }

    public var description: String { "\(name)\(op.rawValue)\(value)" }

    /// nil when it holds; otherwise why not, in one sentence.
    public func failure(in report: ProbeReport) -> String? {
        failure(of: report.value(named: name))
    }

    /// nil when it holds against a report field looked up by name (`.none`: no such field,
    /// `.some(nil)`: the field was not measured); otherwise why not, in one sentence.
    public func failure(of field: Double??) -> String? {
        guard let field else { return "\(self): no such field" }
        guard let actual = field else { return "\(self) failed: \(name) was not measured" }
        let holds: Bool
        switch op {
        case .less: holds = actual < value
        case .lessOrEqual: holds = actual <= value
        case .greater: holds = actual > value
        case .greaterOrEqual: holds = actual >= value
        case .equal: holds = actual == value
        case .notEqual: holds = actual != value
        }
        return holds ? nil : "\(self) failed: \(name) was \((actual * 100).rounded() / 100)"
    }
}

public enum ExpectationError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case let .malformed(text): return "'\(text)' is not an expectation like first_video_ms<1000 or loss_pct<=1."
        }
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
