import RTCBase
import Testing
@testable import RTCTURN
import RTCSTUN

/// Cutting a TCP/TLS stream into STUN and ChannelData messages.
@Suite struct TURNStreamFramerTests {
    static let stun = STUNMessage(messageClass: .successResponse, method: .allocate, transactionID: STUNTransactionID(high: 7, low: 7),
                                  attributes: [.software("abc")]).encoded(integrityKey: [1], addFingerprint: true)
    static let channel = ChannelData(channelNumber: 0x4002, payload: [9, 8, 7, 6, 5]).encoded(padded: true)

    func frames(of stream: [UInt8], chunk: Int) throws -> [TURNStreamFramer.Frame] {
        var framer = TURNStreamFramer()
        var frames: [TURNStreamFramer.Frame] = []
        var start = 0
        while start < stream.count {
            let end = min(start + chunk, stream.count)
            framer.append(stream[start..<end])
            while let frame = try framer.nextFrame() { frames.append(frame) }
            start = end
        }
        #expect(framer.bufferedCount == 0)
        return frames
    }

    @Test func messagesSurviveEverySplit() throws {
        let stream = Self.stun + Self.channel + Self.stun + Self.channel
        let expected: [TURNStreamFramer.Frame] = [.stun(Self.stun), .channelData(Self.channel), .stun(Self.stun), .channelData(Self.channel)]
        for chunk in 1...stream.count {
            #expect(try frames(of: stream, chunk: chunk) == expected)
        }
    }

    @Test func emptyChannelDataIsAFrame() throws {
        #expect(try frames(of: [0x40, 0x00, 0x00, 0x00], chunk: 4) == [.channelData([0x40, 0x00, 0x00, 0x00])])
    }

    @Test func garbageIsAnErrorNotAHang() {
        var framer = TURNStreamFramer()
        framer.append([0x80, 0, 0, 0])
        #expect(throws: ParseError.self) { try framer.nextFrame() }
        var badCookie = TURNStreamFramer()
        badCookie.append([0x01, 0x01, 0x00, 0x00, 0xDE, 0xAD, 0xBE, 0xEF])
        #expect(throws: ParseError.self) { try badCookie.nextFrame() }
        var badLength = TURNStreamFramer()
        badLength.append([0x01, 0x01, 0x00, 0x03])
        #expect(throws: ParseError.self) { try badLength.nextFrame() }
    }

    @Test func partialHeaderWaitsForMore() throws {
        var framer = TURNStreamFramer()
        framer.append(Self.stun.prefix(3))
        #expect(try framer.nextFrame() == nil)
        framer.append(Self.stun.dropFirst(3))
        #expect(try framer.nextFrame() == .stun(Self.stun))
    }
}
