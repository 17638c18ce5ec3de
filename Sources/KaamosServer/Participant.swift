import Foundation

/// One person in a room, as the registry knows them.
public struct Participant: Sendable, Equatable {
    public let id: String
    public var name: String
    /// The identity the client claimed at join (a Telegram id from the bot, say); bans match on it.
    public var userID: String?
    /// Where the connection comes from; bans match on it when there is no user id.
    public var clientAddress: String
    public var joinedAt: Date
    /// What the client last said it sends (`media-state`); true until it says otherwise.
    public var sendsAudio = true
    public var sendsVideo = true
    /// Kinds the admin stopped forwarding.
    public var audioMutedByAdmin = false
    public var videoMutedByAdmin = false

    public init(id: String, name: String, userID: String?, clientAddress: String, joinedAt: Date) {
        self.id = id
        self.name = name
        self.userID = userID
        self.clientAddress = clientAddress
        self.joinedAt = joinedAt
    }

    /// Whether the others receive this participant's audio.
    public var audio: Bool { sendsAudio && !audioMutedByAdmin }
    /// Whether the others receive this participant's video.
    public var video: Bool { sendsVideo && !videoMutedByAdmin }
}
