/// A line that WebRTC does not use (i=, u=, e=, p=, r=, z=, k=), kept so it survives a round trip.
public struct SDPLine: Hashable, Sendable, CustomStringConvertible {
    public var type: Character
    public var value: String

    public init(type: Character, value: String) {
        self.type = type
        self.value = value
    }

    public var description: String { "\(type)=\(value)" }

    /// RFC 8866 §5 fixes the order of line types (i u e p, then c b t, then r z k). The serializer
    /// writes them in that order, so the parser stores them so, keeping the order within a type.
    static func inSerializationOrder(_ lines: [SDPLine]) -> [SDPLine] {
        let rank: [Character: Int] = ["i": 0, "u": 1, "e": 2, "p": 3, "r": 4, "z": 5, "k": 6]
        return lines.enumerated().sorted { a, b in
            let (rankA, rankB) = (rank[a.element.type] ?? 7, rank[b.element.type] ?? 7)
            return rankA != rankB ? rankA < rankB : a.offset < b.offset
        }.map(\.element)
    }
}
