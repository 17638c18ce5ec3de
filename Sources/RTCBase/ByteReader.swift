/// An error from reading a packet that is shorter or stranger than its format allows.
public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads big-endian fields from a byte buffer, throwing `ParseError` instead of trapping.
public struct ByteReader {
    public let bytes: ArraySlice<UInt8>
    public private(set) var index: Int

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    public init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    public var remaining: Int { bytes.endIndex - index }
    public var isAtEnd: Bool { index >= bytes.endIndex }
    /// Bytes consumed so far.
    public var offset: Int { index - bytes.startIndex }

    public mutating func readUInt8() throws -> UInt8 {
        guard remaining >= 1 else { throw ParseError("truncated: needed 1 byte at offset \(offset)") }
        defer { index += 1 }
        return bytes[index]
    }

    public mutating func readUInt16() throws -> UInt16 {
        guard remaining >= 2 else { throw ParseError("truncated: needed 2 bytes at offset \(offset)") }
        defer { index += 2 }
        return UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
    }

    public mutating func readUInt24() throws -> UInt32 {
        guard remaining >= 3 else { throw ParseError("truncated: needed 3 bytes at offset \(offset)") }
        defer { index += 3 }
        return UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
    }

    public mutating func readUInt32() throws -> UInt32 {
        guard remaining >= 4 else { throw ParseError("truncated: needed 4 bytes at offset \(offset)") }
        defer { index += 4 }
        var value: UInt32 = 0
        for i in 0..<4 { value = value << 8 | UInt32(bytes[index + i]) }
        return value
    }

    public mutating func readUInt64() throws -> UInt64 {
        let high = try readUInt32()
        let low = try readUInt32()
        return UInt64(high) << 32 | UInt64(low)
    }

    public mutating func readBytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else {
            throw ParseError("truncated: needed \(count) bytes at offset \(offset), \(remaining) left")
        }
        defer { index += count }
        return bytes[index..<index + count]
    }

    public mutating func skip(_ count: Int) throws {
        _ = try readBytes(count)
    }

    public func peekUInt8() -> UInt8? { isAtEnd ? nil : bytes[index] }

    public mutating func readRest() -> ArraySlice<UInt8> {
        defer { index = bytes.endIndex }
        return bytes[index...]
    }
}

/// Appends big-endian fields to a growing buffer.
public struct ByteWriter {
    public var bytes: [UInt8]

    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    public mutating func writeUInt24(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    public mutating func write(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    public mutating func write(_ value: UInt64) {
        write(UInt32(truncatingIfNeeded: value >> 32))
        write(UInt32(truncatingIfNeeded: value))
    }

    public mutating func write<C: Collection>(bytes other: C) where C.Element == UInt8 {
        bytes.append(contentsOf: other)
    }

    public mutating func writeZeros(_ count: Int) {
        bytes.append(contentsOf: repeatElement(0, count: count))
    }

    /// Overwrites a big-endian UInt16 at `position` (for lengths known only after the body).
    public mutating func set(_ value: UInt16, at position: Int) {
        bytes[position] = UInt8(value >> 8)
        bytes[position + 1] = UInt8(truncatingIfNeeded: value)
    }
}
