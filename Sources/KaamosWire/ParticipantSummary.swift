/// How a participant appears to the others in `joined` and `participant-joined`. Read tolerantly:
/// a server that omits the extension fields gives the id as the name and both media on.
public struct ParticipantSummary: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var audio: Bool
    public var video: Bool

    public init(id: String, name: String? = nil, audio: Bool = true, video: Bool = true) {
        self.id = id
        self.name = name ?? id
        self.audio = audio
        self.video = video
    }

    enum CodingKeys: String, CodingKey { case id, name, audio, video }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = (try? container.decodeIfPresent(String.self, forKey: .name)) ?? id
        audio = (try? container.decodeIfPresent(Bool.self, forKey: .audio)) ?? true
        video = (try? container.decodeIfPresent(Bool.self, forKey: .video)) ?? true
    }
}
