// modules: RTCBase RTCMedia
// libFuzzer target for VP8PayloadDescriptor and the key frame header: parsing must throw, never
// trap, and a parsed descriptor must round-trip.

@_cdecl("LLVMFuzzerTestOneInput")
public func vp8DescriptorFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = VP8KeyframeHeader(frame: bytes)
    guard let (descriptor, length) = try? VP8PayloadDescriptor.parse(bytes[...]) else { return 0 }
    guard length <= bytes.count, descriptor.size <= length else { fatalError("VP8 descriptor size out of range") }
    guard let (again, _) = try? VP8PayloadDescriptor.parse(descriptor.serialized()[...]), again == descriptor else {
        fatalError("VP8 descriptor round trip changed it")
    }
    _ = VP8KeyframeHeader(frame: bytes[length...])
    return 0
}
