/// An escape sink that counts bytes instead of storing them.
struct EscapeByteCounter: EscapeSink {
    var count = 0
    mutating func append(_ byte: UInt8) { count += 1 }
}
