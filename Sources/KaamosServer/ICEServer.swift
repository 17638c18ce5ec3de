/// A STUN or TURN server the client should use, in the shape of the browser's `RTCIceServer`.
public struct ICEServer: Sendable, Equatable, Codable {
    public var urls: String
    public var username: String?
    public var credential: String?

    public init(urls: String, username: String? = nil, credential: String? = nil) {
        self.urls = urls
        self.username = username
        self.credential = credential
    }
}
