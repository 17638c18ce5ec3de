/// Where the preview's pictures come from.
public enum PreviewSourceChoice: Sendable, Equatable {
    /// A V4L2 camera; `isDefault` when the user named no source, which changes the error message.
    case camera(path: String, isDefault: Bool)
    /// A YUV4MPEG2 clip, played once.
    case file(path: String)
    /// The moving synthetic pattern (needs no camera).
    case testPattern
}
