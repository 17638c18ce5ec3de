import ClientCore
import RTCBase
import Testing

/// The probe's judgement of one remote participant, on figures made up for each case.
@Suite struct ParticipantMeasurementTests {
    static let start = Instant.milliseconds(10_000)
    static let end = start + .seconds(10)

    /// A video stream of 30 fps from `from` to `until`, with audio alongside.
    static func media(from: Instant, until: Instant?, lastFrame: Instant? = nil, endedAt: Instant? = nil) -> RemoteMedia.ParticipantMedia {
        var media = RemoteMedia.ParticipantMedia()
        media.hasVideo = true
        media.hasAudio = true
        media.since = from
        media.endedAt = endedAt
        var freezes = FreezeDetector()
        var at = from
        var frames = 0
        if let until {
            while at <= until {
                freezes.frameRendered(at: at)
                frames += 1
                at = at + .milliseconds(33)
            }
        }
        media.framesDecoded = frames
        media.videoFreezes = frames > 0 ? freezes : nil
        media.freezes = freezes.freezeCount
        media.lastFrameAt = frames > 0 ? (lastFrame ?? at - .milliseconds(33)) : nil
        media.audioPackets = 500
        media.lastAudioAt = endedAt ?? end
        return media
    }

    func measure(_ media: RemoteMedia.ParticipantMedia, sendsVideo: Bool = true) -> ParticipantMeasurement {
        ParticipantMeasurement(id: "p2", name: "ann", media: media, before: nil, windowStart: Self.start,
                               windowEnd: Self.end, sendsVideo: sendsVideo, sendsAudio: true)
    }

    @Test func aSteadyStreamIsMeasuredOverItsWindow() {
        let measured = measure(Self.media(from: Self.start, until: Self.end))
        #expect(measured.problems.isEmpty)
        #expect(abs((measured.framesPerSecond ?? 0) - 30.3) < 0.5)
        #expect(measured.freezes == 0)
    }

    @Test func aLateJoinerIsMeasuredFromWhenItAppeared() {
        let joined = Self.start + .seconds(6)
        let measured = measure(Self.media(from: joined, until: Self.end))
        #expect(abs(measured.seconds - 4) < 0.01)
        #expect(abs((measured.framesPerSecond ?? 0) - 30.3) < 0.6)
        #expect(measured.problems.isEmpty)
    }

    @Test func videoThatStopsHalfWayHalvesTheRateCountsAFreezeAndFails() {
        let measured = measure(Self.media(from: Self.start, until: Self.start + .seconds(5)))
        #expect(abs((measured.framesPerSecond ?? 0) - 15.2) < 0.5, "frames over the window, not first to last frame")
        #expect(measured.freezes == 1, "the stall that lasts to the end is a freeze")
        #expect(measured.problems == ["video from ann (p2) stopped 5.0 s before the end"])
    }

    @Test func videoThatNeverArrivesFails() {
        let measured = measure(Self.media(from: Self.start, until: nil))
        #expect(measured.framesDecoded == 0)
        #expect(measured.framesPerSecond == 0)
        #expect(measured.problems == ["no video decoded from ann (p2) in 10.0 s"])
    }

    @Test func aCameraTurnedOffIsNotExpected() {
        let measured = measure(Self.media(from: Self.start, until: nil), sendsVideo: false)
        #expect(measured.problems.isEmpty)
    }

    @Test func someoneWhoLeftIsMeasuredUntilTheyLeft() {
        let left = Self.start + .seconds(4)
        let measured = measure(Self.media(from: Self.start, until: left, endedAt: left))
        #expect(measured.left)
        #expect(abs(measured.seconds - 4) < 0.01)
        #expect(measured.problems.isEmpty, "leaving is not a stall")
        #expect(measured.freezes == 0)
    }

    @Test func aJoinInTheLastMomentIsReportedButNotJudged() {
        let measured = measure(Self.media(from: Self.end - .milliseconds(300), until: nil))
        #expect(measured.problems.isEmpty)
    }
}
