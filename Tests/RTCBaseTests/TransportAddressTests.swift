import Testing
@testable import RTCBase

@Suite struct TransportAddressTests {
    @Test func parsesAndFormatsIPv4() {
        let address = TransportAddress("192.168.1.20:5000")
        #expect(address?.port == 5000)
        #expect(address?.description == "192.168.1.20:5000")
        #expect(TransportAddress("256.1.1.1:5") == nil)
        #expect(TransportAddress("1.2.3:5") == nil)
    }

    @Test func parsesAndFormatsIPv6() {
        #expect(TransportAddress("[::1]:9")?.ip.isLoopback == true)
        #expect(TransportAddress.IP(parsing: "2001:db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
        #expect(TransportAddress.IP(parsing: "fe80::1%3")?.description == "fe80::1%3")
        #expect(TransportAddress.IP(parsing: "fe80::1%3")?.isLinkLocal == true)
        #expect(TransportAddress.IP(parsing: "::ffff:1.2.3.4")?.bytes.suffix(4) == [1, 2, 3, 4])
        #expect(TransportAddress.IP(parsing: "1::2::3") == nil)
        #expect(TransportAddress.IP(parsing: "12345::") == nil)
        #expect(TransportAddress.IP(parsing: "abc.local") == nil)
    }

    @Test func readerThrowsOnTruncation() throws {
        var reader = ByteReader([0x01, 0x02, 0x03])
        #expect(try reader.readUInt16() == 0x0102)
        #expect(throws: ParseError.self) { try reader.readUInt16() }
        #expect(try reader.readUInt8() == 3)
        #expect(throws: ParseError.self) { try reader.readBytes(-1) }
    }

    @Test func hexRoundTrip() {
        #expect([UInt8](hex: "0aFF:10")! == [0x0a, 0xff, 0x10])
        #expect([UInt8](hex: "abc") == nil)
        #expect([UInt8]([0xde, 0xad]).hexString == "dead")
    }

    @Test func durationArithmetic() {
        let t = Instant.milliseconds(5) + .milliseconds(20)
        #expect(t.nanoseconds == 25_000_000)
        #expect((t - Instant.zero) == .milliseconds(25))
        #expect(earliest(nil, .milliseconds(3), .milliseconds(1)) == .milliseconds(1))
    }
}
