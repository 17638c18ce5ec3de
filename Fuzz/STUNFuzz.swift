// modules: RTCBase RTCSTUN
// libFuzzer target for the STUN codec: parse, verify, re-encode and re-parse any input.

@_cdecl("LLVMFuzzerTestOneInput")
public func stunFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = STUNMessage.looksLikeSTUN(bytes)
    guard let message = try? STUNMessage(bytes: bytes) else { return 0 }
    _ = message.validatesIntegrity(key: Array("VOkJxbRl1RmTxUk/WvJxBt".utf8))
    _ = message.validatesFingerprint()
    _ = message.mappedAddress
    _ = message.errorCode
    // What we encode from a parsed message must parse again to the same content.
    let encoded = message.encoded(integrityKey: [1, 2, 3], addFingerprint: true)
    guard let again = try? STUNMessage(bytes: encoded) else { fatalError("re-encoded STUN message does not parse") }
    guard again.validatesIntegrity(key: [1, 2, 3]), again.validatesFingerprint() else {
        fatalError("re-encoded STUN message fails its own integrity or fingerprint")
    }
    return 0
}
