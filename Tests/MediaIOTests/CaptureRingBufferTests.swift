import Testing
@testable import MediaIO

@Suite struct CaptureRingBufferTests {
    @Test func wrapsAroundKeepingOrder() {
        let ring = AudioRingBuffer(capacity: 7)
        var expected: [Int16] = []
        var received: [Int16] = []
        var next: Int16 = 0
        for round in 0..<50 {
            let chunk = (0..<(round % 5 + 1)).map { _ -> Int16 in next += 1; return next }
            let taken = ring.write(chunk)
            expected += chunk.prefix(taken)
            received += ring.read(maximum: round % 4 + 1)
        }
        received += ring.read(maximum: 100)
        #expect(received == expected)
        #expect(expected.count > 100)
    }

    @Test func refusesWhatDoesNotFit() {
        let ring = AudioRingBuffer(capacity: 4)
        #expect(ring.write([1, 2, 3]) == 3)
        #expect(ring.write([4, 5, 6]) == 1)
        #expect(ring.count == 4)
        #expect(ring.read(maximum: 10) == [1, 2, 3, 4])
        #expect(ring.count == 0)
    }

    @Test func producerAndConsumerOnTwoThreadsLoseNothing() async {
        let ring = AudioRingBuffer(capacity: 256)
        let total = 200_000
        async let produced: Void = Task.detached {
            var value = 0
            while value < total {
                let chunk = (0..<min(64, total - value)).map { Int16(truncatingIfNeeded: value + $0) }
                var offset = 0
                while offset < chunk.count {
                    offset += chunk[offset...].withUnsafeBufferPointer { ring.write($0) }
                    if offset < chunk.count { await Task.yield() }
                }
                value += chunk.count
            }
        }.value
        let checked = await Task.detached { () -> Bool in
            var expected = 0
            var buffer = [Int16](repeating: 0, count: 50)
            while expected < total {
                let got = buffer.withUnsafeMutableBufferPointer { ring.read(into: $0) }
                for i in 0..<got where buffer[i] != Int16(truncatingIfNeeded: expected + i) { return false }
                expected += got
                if got == 0 { await Task.yield() }
            }
            return true
        }.value
        await produced
        #expect(checked)
    }
}
