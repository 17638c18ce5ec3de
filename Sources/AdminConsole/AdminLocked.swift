import ClientCore
import RTCNetwork

/// A value one task writes and another reads.
final class AdminLocked<Value: Sendable>: Sendable {
    private let lock = PThreadLock()
    nonisolated(unsafe) private var value: Value

    init(_ value: Value) { self.value = value }

    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    var get: Value { lock.withLock { value } }
}
