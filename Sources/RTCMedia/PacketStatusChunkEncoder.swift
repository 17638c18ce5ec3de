/// Packs transport feedback status symbols into 16-bit packet chunks
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 3.1.3 and 3.1.4), greedily: a run of one
/// symbol longer than a vector holds becomes a run-length chunk, 14 symbols without a large delta
/// a 1-bit vector, anything else 7 at a time a 2-bit vector.
///
/// Built one symbol at a time so that `TransportFeedbackRecorder` can ask what a message would
/// cost before it commits a packet to it; `TransportFeedback.write(to:)` runs the same encoder,
/// so the two always agree on the size.
struct PacketStatusChunkEncoder {
    /// The 2-bit symbols of the draft: 0 not received, 1 small delta, 2 large or negative delta.
    static let notReceived: UInt8 = 0
    static let smallDelta: UInt8 = 1
    static let largeDelta: UInt8 = 2

    static let maxRunLength = 0x1FFF
    static let oneBitCapacity = 14
    static let twoBitCapacity = 7

    /// Finished chunks, when kept (`keepsChunks`); the size is counted either way.
    private(set) var chunks: [UInt16] = []
    private(set) var finishedChunkCount = 0
    private let keepsChunks: Bool

    /// Symbols not yet in a chunk, oldest in the lowest bits, 2 bits each. Only the first 14 are
    /// stored: a longer pending run is all one symbol.
    private var pending: UInt32 = 0
    private var pendingCount = 0
    private var pendingAllSame = true
    private var pendingHasLarge = false

    init(keepsChunks: Bool) {
        self.keepsChunks = keepsChunks
    }

    /// Bytes of packet chunks once `finish()` is called.
    var encodedSize: Int { 2 * (finishedChunkCount + (pendingCount > 0 ? 1 : 0)) }

    mutating func append(_ symbol: UInt8) {
        if !canAppend(symbol) { emitFront() }
        if pendingCount < Self.oneBitCapacity { pending |= UInt32(symbol) << (2 * UInt32(pendingCount)) }
        if pendingCount > 0, symbol != firstPending { pendingAllSame = false }
        if symbol == Self.largeDelta { pendingHasLarge = true }
        pendingCount += 1
    }

    mutating func append(_ symbol: UInt8, count: Int) {
        for _ in 0..<count { append(symbol) }
    }

    /// Encodes what is pending as the final chunk (a vector may then be partly filled; the
    /// status count tells the parser where the statuses end).
    mutating func finish() {
        guard pendingCount > 0 else { return }
        if pendingAllSame {
            emit(runLength(firstPending, pendingCount))
        } else if pendingCount <= Self.twoBitCapacity {
            emit(twoBitVector(count: pendingCount))
        } else {
            emit(oneBitVector(count: pendingCount))
        }
        clearPending()
    }

    private var firstPending: UInt8 { UInt8(pending & 3) }

    private func canAppend(_ symbol: UInt8) -> Bool {
        if pendingCount == 0 { return true }
        if pendingAllSame, symbol == firstPending, pendingCount < Self.maxRunLength { return true }
        if pendingCount < Self.twoBitCapacity { return true }
        return pendingCount < Self.oneBitCapacity && !pendingHasLarge && symbol != Self.largeDelta
    }

    /// Makes room for one more symbol. Only called when `canAppend` said no, so the pending
    /// symbols are a run, exactly 14 small-or-missing ones, or at least 7 of which the first 7 go.
    private mutating func emitFront() {
        if pendingAllSame {
            emit(runLength(firstPending, pendingCount))
            clearPending()
        } else if pendingCount == Self.oneBitCapacity {
            emit(oneBitVector(count: pendingCount))
            clearPending()
        } else {
            emit(twoBitVector(count: Self.twoBitCapacity))
            let rest = pendingCount - Self.twoBitCapacity
            let remaining = pending >> (2 * UInt32(Self.twoBitCapacity))
            clearPending()
            for i in 0..<rest { append(UInt8(remaining >> (2 * UInt32(i)) & 3)) }
        }
    }

    private mutating func clearPending() {
        pending = 0
        pendingCount = 0
        pendingAllSame = true
        pendingHasLarge = false
    }

    private mutating func emit(_ chunk: UInt16) {
        finishedChunkCount += 1
        if keepsChunks { chunks.append(chunk) }
    }

    /// 3.1.3: T=0, the symbol in 2 bits, a 13-bit run length.
    private func runLength(_ symbol: UInt8, _ count: Int) -> UInt16 {
        UInt16(symbol) << 13 | UInt16(count)
    }

    /// 3.1.4: T=1, S=0, 14 one-bit symbols (1 = received with a small delta), first in the high bit.
    private func oneBitVector(count: Int) -> UInt16 {
        var chunk: UInt16 = 0x8000
        for i in 0..<count where (pending >> (2 * UInt32(i))) & 3 != 0 { chunk |= 1 << (13 - UInt16(i)) }
        return chunk
    }

    /// 3.1.4: T=1, S=1, 7 two-bit symbols, first in the high bits.
    private func twoBitVector(count: Int) -> UInt16 {
        var chunk: UInt16 = 0xC000
        for i in 0..<count { chunk |= UInt16((pending >> (2 * UInt32(i))) & 3) << (12 - 2 * UInt16(i)) }
        return chunk
    }
}
