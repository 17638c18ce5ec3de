/// Extends 16-bit RTP sequence numbers (or any wrapping 16-bit counter) to a monotonic Int64.
///
/// Each new value is placed at the nearest distance (at most 32767 forward or 32768 back) from
/// the highest value seen so far, so reordering and wrap-around both come out right.
public struct SequenceNumberUnwrapper: Sendable {
    private var highest: Int64?

    public init() {}

    /// The extended value of the highest sequence number seen, nil before the first.
    public var highestExtended: Int64? { highest }

    public mutating func unwrap(_ sequence: UInt16) -> Int64 {
        let value = extended(sequence)
        if highest.map({ value > $0 }) ?? true { highest = value }
        return value
    }

    /// What `unwrap` would return, without recording it.
    public func extended(_ sequence: UInt16) -> Int64 {
        guard let highest else { return Int64(sequence) }
        let delta = Int16(bitPattern: sequence &- UInt16(truncatingIfNeeded: highest))
        return highest + Int64(delta)
    }
}
