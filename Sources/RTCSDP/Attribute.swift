/// An `a=` line kept as text: `a=name` (a flag) or `a=name:value`.
public struct Attribute: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// The text after "a=".
    public var description: String { value.map { "\(name):\($0)" } ?? name }
}
