#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Plays S16_LE audio on an ALSA PCM from its own thread, pulling one period at a time from a ring buffer
/// that the mixer fills.
///
/// When the ring runs dry the thread plays silence for the rest of the period (counted in `underrunCount`)
/// instead of letting the device xrun, so late network audio costs a gap, not a glitch and recovery.
public final class AudioPlayback: @unchecked Sendable {
    // @unchecked: as AudioCapture, the PCM and period buffer belong to the thread while it runs.
    public let device: String
    public let format: AudioFormat
    /// Samples queued for playing, interleaved.
    public let ring: AudioRingBuffer
    private let pcm: any PCMStream
    private let status = AudioStreamStatus()
    private let lifecycle = Mutex<DeviceThreadState>(.idle)
    private let periodBuffer: UnsafeMutablePointer<Int16>
    private let realtimePriority: Bool

    /// - Parameters:
    ///   - device: an ALSA PCM name: "default", "hw:0" or one defined in `configuration`.
    ///   - realtimePriority: ask for SCHED_FIFO (when permitted). Turn off for PCMs that are not paced by a
    ///     clock, such as the `file` plugin over `null`, whose thread would otherwise spin at real-time priority.
    ///   - bufferMilliseconds: how much audio the ring can hold ahead of the device.
    public convenience init(device: String = "default", format: AudioFormat = .voiceMono,
                configuration: ALSAConfiguration? = nil, bufferMilliseconds: Int = 500,
                realtimePriority: Bool = true) throws(AudioDeviceError) {
        let pcm = try PCMDevice(name: device, direction: .playback, format: format, configuration: configuration)
        self.init(stream: pcm, format: format, bufferMilliseconds: bufferMilliseconds, realtimePriority: realtimePriority)
    }

    /// Runs over any PCM stream (tests use scripted ones).
    init(stream: any PCMStream, format: AudioFormat, bufferMilliseconds: Int = 500, realtimePriority: Bool = false) {
        device = stream.name
        self.format = format
        self.realtimePriority = realtimePriority
        pcm = stream
        let periodSamples = max(pcm.periodFrames, format.framesPerPeriod) * format.channels
        periodBuffer = .allocate(capacity: periodSamples)
        periodBuffer.initialize(repeating: 0, count: periodSamples)
        ring = AudioRingBuffer(capacity: max(periodSamples, format.sampleRate * format.channels * bufferMilliseconds / 1000))
    }

    deinit {
        stop()
        periodBuffer.deallocate()
    }

    /// Times ALSA reported an underrun (or suspend) and the stream was recovered with snd_pcm_recover.
    public var xrunCount: Int { status.xruns.load(ordering: .relaxed) }
    /// Periods the ring could not fill, padded with silence.
    public var underrunCount: Int { status.shortfalls.load(ordering: .relaxed) }
    /// Frames handed to the device so far (silence included).
    public var playedFrameCount: Int { status.frames.load(ordering: .relaxed) }
    public var failure: AudioDeviceError? { status.failure }
    public var isRunning: Bool { status.running.load(ordering: .relaxed) }

    /// Frames queued and not yet handed to the device. The driver keeps this near one or two periods
    /// (mixing another period when it drops below) so that queued audio does not add latency.
    public var queuedFrameCount: Int { ring.count / format.channels }

    /// Queues interleaved samples; returns how many fit (the rest are the caller's to drop). Never blocks.
    @discardableResult
    public func write(_ samples: UnsafeBufferPointer<Int16>) -> Int { ring.write(samples) }

    @discardableResult
    public func write(_ samples: [Int16]) -> Int { ring.write(samples) }

    /// Starts the playback thread. Calling it again while running does nothing; after stop() it throws.
    public func start() throws(AudioDeviceError) {
        try lifecycle.withLock { (state) throws(AudioDeviceError) in
            switch state {
            case .running: return
            case .stopped: throw .streamFailed(device: device, reason: "it was stopped; open it again to restart")
            case .idle: break
            }
            status.running.store(true, ordering: .relaxed)
            let loop = PlaybackLoop(pcm: pcm, ring: ring, status: status, buffer: periodBuffer,
                                    frames: pcm.periodFrames, channels: format.channels)
            guard let started = DeviceThread(name: "kaamos-playback", realtime: realtimePriority, run: { loop.run() }) else {
                status.running.store(false, ordering: .relaxed)
                throw .threadFailed(device: device)
            }
            state = .running(started)
        }
    }

    /// Stops the thread and closes the device. With `draining`, everything already queued is played
    /// first (the last period padded with silence); otherwise queued audio is discarded at once.
    public func stop(draining: Bool = false) {
        lifecycle.withLock { state in
            if case .stopped = state { return }
            if draining, let thread = state.thread {
                status.draining.store(true, ordering: .relaxed)
                thread.join()
                pcm.drain()
            } else {
                status.running.store(false, ordering: .relaxed)
                state.thread?.join()
                pcm.drop()
            }
            status.running.store(false, ordering: .relaxed)
            state = .stopped
            pcm.close()
        }
    }
}

/// What the playback thread runs; holds no reference to the AudioPlayback so dropping the owner stops it.
private struct PlaybackLoop: @unchecked Sendable {
    let pcm: any PCMStream
    let ring: AudioRingBuffer
    let status: AudioStreamStatus
    let buffer: UnsafeMutablePointer<Int16>
    let frames: Int
    let channels: Int

    func run() {
        let samples = frames * channels
        while status.running.load(ordering: .relaxed) {
            let draining = status.draining.load(ordering: .relaxed)
            let got = ring.read(into: UnsafeMutableBufferPointer(start: buffer, count: samples))
            if draining && got == 0 { return }
            if got < samples {
                (buffer + got).update(repeating: 0, count: samples - got)
                if !draining { status.shortfalls.wrappingAdd(1, ordering: .relaxed) }
            }
            var done = 0
            while done < frames {
                guard status.running.load(ordering: .relaxed) else { return }
                let result = pcm.write(buffer + done * channels, frames: frames - done)
                if result == -Int(EINTR) { continue }
                if result == -Int(EAGAIN) {
                    // The device buffer is full: wait for room, with a timeout so a stop request is seen.
                    let ready = pcm.wait(timeoutMilliseconds: 100)
                    if ready < 0, !recover(from: Int(ready)) { return }
                    continue
                }
                if result < 0 {
                    if !recover(from: result) { return }
                    continue
                }
                done += result
                status.frames.wrappingAdd(result, ordering: .relaxed)
            }
            if draining && got < samples { return }
        }
    }

    /// snd_pcm_recover after an underrun or suspend; false (with the failure recorded) when the device is gone.
    private func recover(from error: Int) -> Bool {
        guard pcm.recover(from: error) >= 0 else {
            status.fail(.streamFailed(device: pcm.name, reason: ALSA.message(error)))
            return false
        }
        status.xruns.wrappingAdd(1, ordering: .relaxed)
        return true
    }
}
