import Testing
@testable import KaamosServer

@Suite struct WebSocketSinkTests {
    @Test func queuesTextThenCloseAndDropsWhatFollows() async {
        let sink = WebSocketSink()
        sink.send(text: "a")
        sink.close(code: .normal, reason: "bye")
        sink.send(text: "late")
        sink.close(code: .goingAway, reason: "again")
        var items: [String] = []
        for await item in sink.items {
            switch item {
            case .text(let text): items.append(text)
            case .close(let code, let reason): items.append("close \(code) \(reason)")
            }
        }
        #expect(items == ["a", "close normal bye"])
    }

    @Test func aClientThatStopsReadingIsCutOff() async {
        let sink = WebSocketSink()
        for index in 0..<(WebSocketSink.capacity + 10) { sink.send(text: "\(index)") }
        var count = 0
        for await _ in sink.items { count += 1 }
        // The queue ended at its capacity instead of growing.
        #expect(count == WebSocketSink.capacity)
    }
}
