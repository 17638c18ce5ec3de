// modules: RTCBase RTCMedia RTCSDP
// Coverage-guided fuzzing of the SDP parser: any input may throw but must not trap; whatever
// parses must survive serialize-and-parse unchanged, and must be answerable or refused cleanly.

private let transport = TransportParameters(
    iceUfrag: "fuzz", icePwd: "fuzzfuzzfuzzfuzzfuzzfu",
    fingerprint: CertificateFingerprint(algorithm: "sha-256", digest: Array(repeating: 0xAB, count: 32)),
    candidates: ["candidate:1 1 udp 1 192.0.2.1 9 typ host"])

@_cdecl("LLVMFuzzerTestOneInput")
public func sdpFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let description = try? SessionDescription(parsing: text) else { return 0 }
    let again = try? SessionDescription(parsing: description.serialized())
    precondition(again == description, "serialize-and-parse changed the description")
    _ = NegotiatedMedia(remote: description)
    if let answer = try? AnswerBuilder.makeAnswer(
        to: description, sessionID: 1, version: 1,
        transceivers: [LocalTransceiver(mid: "0", kind: .audio), LocalTransceiver(mid: "1", kind: .video)],
        capabilities: .webRTCDefault, transport: transport) {
        precondition(answer.media.count == description.media.count, "answer lost m-lines")
        let parsedAnswer = try? SessionDescription(parsing: answer.serialized())
        precondition(parsedAnswer == answer, "our own answer does not parse back")
    }
    return 0
}
