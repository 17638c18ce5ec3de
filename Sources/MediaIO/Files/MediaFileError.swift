/// A media file that cannot be read or written, with where it went wrong.
///
/// `description` is one sentence a user can act on:
/// "clip.y4m: truncated frame 3 at byte offset 4096 (expected 460800 bytes, found 100)".
public struct MediaFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path (or the name given to an in-memory buffer).
    public var file: String
    /// The byte offset of the problem, nil when it is not about a place in the file (open failed).
    public var offset: Int?
    /// What went wrong, without the file name.
    public var reason: String

    public init(file: String, offset: Int?, reason: String) {
        self.file = file
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        guard let offset else { return "\(file): \(reason)" }
        return "\(file): \(reason) at byte offset \(offset)"
    }
}
