import Foundation
import MediaIO

/// The newest decoded frame of each participant, handed from decoder threads to the view loop:
/// posting replaces what was there, so frames the terminal has no time for are dropped and the
/// newest one wins. Safe to use from any thread.
public final class VideoFrameMailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var frames: [String: I420Frame] = [:]
    private var unseen: Set<String> = []
    private var dropped = 0

    public init() {}

    /// Stores `frame` as the newest of `id`, dropping an older one the view never took.
    public func post(_ frame: I420Frame, for id: String) {
        lock.lock()
        defer { lock.unlock() }
        if unseen.contains(id) { dropped += 1 }
        frames[id] = frame
        unseen.insert(id)
    }

    /// Forgets a participant who left.
    public func remove(_ id: String) {
        lock.lock()
        defer { lock.unlock() }
        frames[id] = nil
        unseen.remove(id)
    }

    /// The newest frame of every participant (frames already seen included, so a render can always
    /// draw every tile; unchanged frames cost nothing to draw again).
    public func latest() -> [String: I420Frame] {
        lock.lock()
        defer { lock.unlock() }
        unseen.removeAll()
        return frames
    }

    /// How many frames were replaced before the view took them.
    public var droppedFrames: Int {
        lock.lock()
        defer { lock.unlock() }
        return dropped
    }
}
