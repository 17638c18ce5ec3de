/// What an engine has produced and its driver has not taken yet, oldest first. Taking advances an
/// index rather than removing from the front, so draining costs O(1) per item, and the storage is
/// kept for the next burst once everything has been taken. Inlinable: every packet passes through
/// it, and an unspecialized generic call from another module costs more than the work itself.
public struct OutputQueue<Element> {
    @usableFromInline var items: [Element] = []
    @usableFromInline var head = 0

    @inlinable public init() {}

    @inlinable public var isEmpty: Bool { head == items.count }

    @inlinable public mutating func append(_ item: Element) { items.append(item) }

    /// The oldest item not yet taken, or nil.
    @inlinable public mutating func take() -> Element? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return item
    }

    /// Forgets everything not yet taken.
    @inlinable public mutating func removeAll() {
        items.removeAll()
        head = 0
    }
}
