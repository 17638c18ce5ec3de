// modules: RTCBase RTCSTUN RTCTURN
// libFuzzer target for TURN: ChannelData and TURN attributes, the stream framer, and a client that
// is fed the input as server datagrams or as a TCP stream in arbitrary pieces.

@_cdecl("LLVMFuzzerTestOneInput")
public func turnFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let body = Array(bytes.dropFirst())

    if let message = try? ChannelData(bytes: body) {
        // What we encode from a parsed message must parse again to the same message, padded or not.
        guard (try? ChannelData(bytes: message.encoded(padded: true))) == message,
              (try? ChannelData(bytes: message.encoded(padded: false))) == message
        else { fatalError("re-encoded ChannelData does not parse to itself") }
    }
    if let message = try? STUNMessage(bytes: body) {
        for attribute in message.turnAttributes {
            let again = try? TURNAttribute(attribute.stunAttribute(transactionID: message.transactionID), transactionID: message.transactionID)
            guard again == attribute else { fatalError("re-encoded TURN attribute does not parse to itself") }
        }
    }

    // The first byte picks the transport and, for streams, the piece size.
    let transport: TURNTransport = bytes[0] & 1 == 0 ? .udp : .tcp
    let piece = max(1, Int(bytes[0] >> 1))
    let client = TURNClient(configuration: .init(server: TransportAddress("192.0.2.1:3478")!, transport: transport,
                                                 username: "u", password: "p", randomSeed: 1))
    client.start(now: .zero)
    client.bindChannel(to: TransportAddress("192.0.2.9:9")!, now: .zero)
    var framer = TURNStreamFramer()
    var start = 0
    var now = Instant.zero
    while start < body.count {
        let end = transport == .udp ? body.count : min(body.count, start + piece)
        client.handleIncoming(Array(body[start..<end]), now: now)
        framer.append(body[start..<end])
        while let frame = try? framer.nextFrame() { _ = frame }
        start = end
        now = now + .milliseconds(700)
        client.handleTimeout(now: now)
        while client.pollOutput() != nil {}
    }
    return 0
}
