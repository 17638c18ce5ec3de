/// The bytes waiting to go out on one stream link: whole messages (TURN messages, ChannelData
/// frames), in order, never more than `limit` bytes.
///
/// A message that would not fit is dropped whole, never cut, so the stream's framing holds: for
/// media that is like a datagram lost; TURN requests are retransmitted on their own timers.
struct LinkOutbox {
    let limit: Int
    /// Queued bytes live in `storage[start...]`; what went before `start` was written.
    private var storage: [UInt8] = []
    private var start = 0
    /// Messages dropped because the queue was full.
    private(set) var droppedMessages = 0

    init(limit: Int) { self.limit = limit }

    /// The bytes queued and not yet written.
    var pendingCount: Int { storage.count - start }

    /// Queues `message` whole; false (and counted) when it would take the queue past its limit.
    mutating func append(_ message: [UInt8]) -> Bool {
        guard pendingCount + message.count <= limit else {
            droppedMessages += 1
            return false
        }
        storage += message
        return true
    }

    /// Writes what the connection takes now; the rest stays for the next call. The bytes at the
    /// front are the ones a write that would block must be retried with: they only leave once written.
    mutating func flush(to connection: any ServerConnection) throws(NetworkError) {
        while pendingCount > 0 {
            let written = try connection.write(storage[start...])
            guard written > 0 else { break }
            start += written
        }
        if start == storage.count {
            storage.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 65_536, start >= storage.count / 2 {
            // Moves the rest to the front once the written part dominates, so the queue stays small.
            storage.removeSubrange(..<start)
            start = 0
        }
    }
}
