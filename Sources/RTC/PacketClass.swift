/// What kind of packet shares the one UDP flow, from its first byte (RFC 7983 section 7).
enum PacketClass {
    case stun, dtls, rtpOrRTCP, unknown

    init(firstByte: UInt8) {
        switch firstByte {
        case 0...3: self = .stun
        case 20...63: self = .dtls
        case 128...191: self = .rtpOrRTCP
        default: self = .unknown
        }
    }
}
