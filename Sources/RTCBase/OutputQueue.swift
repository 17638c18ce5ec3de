/// What an engine has produced and its driver has not taken yet, oldest first. Taking advances an
/// index rather than removing from the front, so draining costs O(1) per item, and the storage is
/// kept for the next burst once everything has been taken.
public struct OutputQueue<Element> {
    private var items: [Element] = []
    private var head = 0

    public init() {}

    public var isEmpty: Bool { head == items.count }

    public mutating func append(_ item: Element) { items.append(item) }

    /// The oldest item not yet taken, or nil.
    public mutating func take() -> Element? {
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
    public mutating func removeAll() {
        items.removeAll()
        head = 0
    }
}
