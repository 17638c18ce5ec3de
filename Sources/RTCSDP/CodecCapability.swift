/// A codec we can send and receive, with what we offer of it and what we accept in answers.
public struct CodecCapability: Hashable, Sendable {
    /// The codec as we offer it: preferred payload type, fmtp parameters and feedback.
    public var codec: Codec
    /// fmtp parameter names we understand; an offerer's values for these are kept in answers.
    public var supportedParameterNames: [String]

    public init(codec: Codec, supportedParameterNames: [String] = []) {
        self.codec = codec
        self.supportedParameterNames = supportedParameterNames
    }

    /// The feedback types we implement (compared as whole strings, "nack pli" is not "nack").
    public var feedback: [String] { codec.feedback }

    public func supportsParameter(_ name: String) -> Bool {
        let wanted = name.lowercased()
        return supportedParameterNames.contains { $0.lowercased() == wanted }
    }
}
