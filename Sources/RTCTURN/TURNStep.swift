/// The part of the TURN exchange that failed, as `TURNEvent.failed` reports it.
public enum TURNStep: String, Sendable, Hashable {
    /// Allocate was refused or never answered.
    case allocate
    /// The server refused the credentials (401 after signing, 441) or its realm was not the expected one.
    case auth
    /// Keeping the allocation alive failed; it is gone.
    case refresh
    /// CreatePermission for one peer failed; the allocation itself is still usable.
    case permission
    /// ChannelBind for one peer failed; the allocation is still usable and Send indications still work.
    case channel
    /// The byte stream from the server (TCP, TLS) is corrupt beyond resynchronising.
    case transport

    /// Whether the allocation is lost after this failure (the client is then in state `.failed`).
    public var endsAllocation: Bool {
        switch self {
        case .permission, .channel: false
        case .allocate, .auth, .refresh, .transport: true
        }
    }
}
