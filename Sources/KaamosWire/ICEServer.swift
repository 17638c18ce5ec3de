/// A STUN or TURN server the client should use, in the shape of the browser's `RTCIceServer`:
/// `urls` is one string or a list on the wire.
public struct ICEServer: Sendable, Equatable, Codable {
    public var urls: [String]
    public var username: String?
    public var credential: String?

    public init(urls: [String], username: String? = nil, credential: String? = nil) {
        self.urls = urls
        self.username = username
        self.credential = credential
    }

    public init(urls: String, username: String? = nil, credential: String? = nil) {
        self.init(urls: [urls], username: username, credential: credential)
    }

    enum CodingKeys: String, CodingKey { case urls, username, credential }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let single = try? container.decode(String.self, forKey: .urls) {
            urls = [single]
        } else {
            urls = try container.decode([String].self, forKey: .urls)
        }
        username = try container.decodeIfPresent(String.self, forKey: .username)
        credential = try container.decodeIfPresent(String.self, forKey: .credential)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if urls.count == 1 {
            try container.encode(urls[0], forKey: .urls)
        } else {
            try container.encode(urls, forKey: .urls)
        }
        try container.encodeIfPresent(username, forKey: .username)
        try container.encodeIfPresent(credential, forKey: .credential)
    }
}
