/// The last thing the console has to tell: an outcome or an error, one sentence.
public struct AdminStatus: Sendable, Equatable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}
