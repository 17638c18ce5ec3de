import ClientCore
import RTCNetwork

/// Results the network tasks hand to the console's loop, which alone owns the model.
final class AdminInbox<Item: Sendable>: Sendable {
    private let lock = PThreadLock()
    nonisolated(unsafe) private var items: [Item] = []

    func post(_ item: Item) { lock.withLock { items.append(item) } }

    /// Everything posted since the last call, oldest first.
    func drain() -> [Item] {
        lock.withLock {
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
    }
}
