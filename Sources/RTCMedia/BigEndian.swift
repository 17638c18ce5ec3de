// Big-endian field access for the per-packet parsers: callers check bounds once per header
// instead of once per field, and the helpers work on slices without copying.

@inline(__always)
func readUInt16(_ bytes: ArraySlice<UInt8>, _ index: Int) -> UInt16 {
    UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
}

@inline(__always)
func readUInt24(_ bytes: ArraySlice<UInt8>, _ index: Int) -> UInt32 {
    UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
}

@inline(__always)
func readUInt32(_ bytes: ArraySlice<UInt8>, _ index: Int) -> UInt32 {
    UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
}

@inline(__always)
func appendUInt16(_ out: inout [UInt8], _ value: UInt16) {
    out.append(UInt8(value >> 8))
    out.append(UInt8(truncatingIfNeeded: value))
}

@inline(__always)
func appendUInt24(_ out: inout [UInt8], _ value: UInt32) {
    out.append(UInt8(truncatingIfNeeded: value >> 16))
    out.append(UInt8(truncatingIfNeeded: value >> 8))
    out.append(UInt8(truncatingIfNeeded: value))
}

@inline(__always)
func appendUInt32(_ out: inout [UInt8], _ value: UInt32) {
    out.append(UInt8(truncatingIfNeeded: value >> 24))
    out.append(UInt8(truncatingIfNeeded: value >> 16))
    out.append(UInt8(truncatingIfNeeded: value >> 8))
    out.append(UInt8(truncatingIfNeeded: value))
}
