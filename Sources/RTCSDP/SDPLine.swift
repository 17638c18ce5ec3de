/// A line that WebRTC does not use (i=, u=, e=, p=, r=, z=, k=), kept so it survives a round trip.
public struct SDPLine: Hashable, Sendable, CustomStringConvertible {
    public var type: Character
    public var value: String

    public init(type: Character, value: String) {
        self.type = type
        self.value = value
    }

    public var description: String { "\(type)=\(value)" }
}
