import MediaIO
import Testing
@testable import TerminalUI

@Suite struct VideoFrameMailboxTests {
    @Test func theNewestFrameWinsAndDropsAreCounted() {
        let mailbox = VideoFrameMailbox()
        for time in 1...3 { mailbox.post(I420Frame(width: 4, height: 4, timestampMicros: Int64(time)), for: "a") }
        mailbox.post(I420Frame(width: 4, height: 4, timestampMicros: 9), for: "b")
        let frames = mailbox.latest()
        #expect(frames["a"]?.timestampMicros == 3 && frames["b"]?.timestampMicros == 9)
        #expect(mailbox.droppedFrames == 2)
        mailbox.post(I420Frame(width: 4, height: 4, timestampMicros: 4), for: "a")
        #expect(mailbox.droppedFrames == 2, "a frame after a take is not a drop")
        mailbox.remove("b")
        #expect(mailbox.latest().keys.sorted() == ["a"])
    }
}
