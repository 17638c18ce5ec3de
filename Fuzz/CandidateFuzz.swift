// modules: RTCBase RTCSTUN RTCICE
// libFuzzer target for the SDP candidate attribute: parse any text, and check that what parses
// serializes to text that parses back to the same candidate.

@_cdecl("LLVMFuzzerTestOneInput")
public func candidateFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let candidate = try? Candidate(attribute: text) else { return 0 }
    _ = candidate.address
    _ = candidate.isMulticastDNS
    guard let again = try? Candidate(attribute: candidate.attributeValue), again == candidate else {
        fatalError("candidate does not survive a round trip: \(candidate.attributeValue)")
    }
    return 0
}
