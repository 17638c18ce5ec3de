import Synchronization

/// A single-producer single-consumer ring of Int16 samples between an audio thread and the rest of the app.
///
/// Lock-free: the producer only advances `written`, the consumer only advances `consumed`, each publishing
/// with release ordering and reading the other's counter with acquire, so neither side ever waits on the
/// other and nothing is allocated after init. When full, new samples are refused (and the caller counts
/// them) rather than overwriting ones the consumer may be copying out.
public final class AudioRingBuffer: @unchecked Sendable {
    // @unchecked: the storage is shared, but each slot is touched by only one side at a time, as
    // guaranteed by the two counters.
    public let capacity: Int
    private let storage: UnsafeMutablePointer<Int16>
    /// Total samples ever written / read; their difference is the fill level. Int never wraps in practice
    /// (2^63 samples is millions of years at 48 kHz).
    private let written = Atomic<Int>(0)
    private let consumed = Atomic<Int>(0)

    public init(capacity: Int) {
        precondition(capacity > 0, "ring capacity must be positive")
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: 0, count: capacity)
    }

    deinit { storage.deallocate() }

    /// Samples waiting to be read. `consumed` is loaded first: both only grow, so a later `written` is at
    /// least the earlier `consumed` and the difference is never negative.
    public var count: Int {
        let tail = consumed.load(ordering: .acquiring)
        return written.load(ordering: .acquiring) - tail
    }

    /// Producer side: copies as many of `samples` as fit; returns how many were taken.
    @discardableResult
    public func write(_ samples: UnsafeBufferPointer<Int16>) -> Int {
        let head = written.load(ordering: .relaxed)
        let free = capacity - (head - consumed.load(ordering: .acquiring))
        let total = min(free, samples.count)
        guard total > 0, let source = samples.baseAddress else { return 0 }
        let start = head % capacity
        let first = min(total, capacity - start)
        (storage + start).update(from: source, count: first)
        if total > first { storage.update(from: source + first, count: total - first) }
        written.store(head + total, ordering: .releasing)
        return total
    }

    @discardableResult
    public func write(_ samples: [Int16]) -> Int {
        samples.withUnsafeBufferPointer { write($0) }
    }

    /// Consumer side: copies up to `destination.count` samples out; returns how many.
    @discardableResult
    public func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int {
        let tail = consumed.load(ordering: .relaxed)
        let available = written.load(ordering: .acquiring) - tail
        let total = min(available, destination.count)
        guard total > 0, let target = destination.baseAddress else { return 0 }
        let start = tail % capacity
        let first = min(total, capacity - start)
        target.update(from: storage + start, count: first)
        if total > first { (target + first).update(from: storage, count: total - first) }
        consumed.store(tail + total, ordering: .releasing)
        return total
    }

    /// Consumer side: up to `maximum` samples as a new array (convenient off the real-time path).
    public func read(maximum: Int) -> [Int16] {
        var result = [Int16](repeating: 0, count: max(0, min(maximum, count)))
        let got = result.withUnsafeMutableBufferPointer { read(into: $0) }
        if got < result.count { result.removeSubrange(got...) }
        return result
    }
}
