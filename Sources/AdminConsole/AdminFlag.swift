import ClientCore

/// A flag one task sets and another reads.
final class AdminFlag: Sendable {
    private let lock = PThreadLock()
    nonisolated(unsafe) private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
