import Synchronization

/// Counters and the stop flag shared between an audio thread and its owner.
///
/// The audio thread only does relaxed atomic increments (no locks, no allocation); the failure slot
/// is behind a mutex because it is written at most once, when the stream dies.
final class AudioStreamStatus: Sendable {
    let running = Atomic<Bool>(false)
    /// Set by a draining stop: play what is queued, then end.
    let draining = Atomic<Bool>(false)
    let xruns = Atomic<Int>(0)
    let frames = Atomic<Int>(0)
    /// Capture: samples refused by a full ring. Playback: periods padded with silence.
    let shortfalls = Atomic<Int>(0)
    private let failureSlot = Mutex<AudioDeviceError?>(nil)

    var failure: AudioDeviceError? { failureSlot.withLock { $0 } }

    func fail(_ error: AudioDeviceError) {
        failureSlot.withLock { $0 = $0 ?? error }
        running.store(false, ordering: .relaxed)
    }
}
