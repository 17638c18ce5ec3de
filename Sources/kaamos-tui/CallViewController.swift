import ClientCore
import MediaIO
import RTCNetwork
import TerminalUI

/// Joins the call view to a call session: has the presenter build the view model from the
/// session's state, feeds the newest pictures, turns keys into calls, and paces itself to what
/// the terminal absorbs.
final class CallViewController {
    private let session: CallSession
    private let roomID: String
    private var model: CallViewModel
    private var presenter: CallViewPresenter

    init(session: CallSession, roomID: String, capabilities: TerminalCapabilities, blitter: Blitter?) {
        self.session = session
        self.roomID = roomID
        presenter = CallViewPresenter(endpoint: session.options.endpoint)
        model = CallViewModel(roomID: roomID, selfName: session.options.name,
                              blitter: blitter ?? capabilities.recommendedBlitter, colorMode: capabilities.colorMode)
    }

    /// Runs the screen until the call ends (or `q`); returns how it ended.
    func run(screen: CallScreen, callTask: Task<CallEnd, Never>, unicode: Bool) async -> CallEnd {
        var pacer = TerminalWritePacer(maximumFramesPerSecond: 30)
        var leaving = false
        while true {
            while let intent = screen.nextIntent() {
                if model.applyViewIntent(intent, unicode: unicode) { continue }
                switch intent {
                case .toggleMic: session.setMicrophone(!session.snapshot().micOn)
                case .toggleCamera: session.setCamera(!session.snapshot().cameraOn)
                case let .sendChat(text): session.sendChat(text)
                case .leave:
                    if !leaving {
                        leaving = true
                        session.leave()
                    }
                default: break
                }
            }
            let state = session.snapshot()
            if case let .ended(end) = state.phase {
                return end
            }
            let media = session.remote.snapshot()
            presenter.present(state, media: media, firstFrameMilliseconds: session.firstFrameMilliseconds,
                              now: MonotonicClock.now(), into: &model)
            var pictures: [String: I420Frame] = [:]
            for (id, entry) in media { if let picture = entry.picture { pictures[id] = picture } }
            screen.render(model, video: pictures, selfView: state.cameraOn ? session.selfPicture : nil)
            pacer.record(writeDuration: screen.lastWriteDuration)
            try? await Task.sleep(for: pacer.interval)
            if leaving, callTask.isCancelled { return .left }
        }
    }
}
