#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Records S16_LE audio from an ALSA PCM on its own thread into a ring buffer the encoder drains.
///
/// The device is opened in `init`, so a missing device fails there with a sentence the caller can show
/// ("audio device 'default' cannot be opened: No such file or directory") before going on without audio.
/// The capture thread reads one period at a time into a buffer allocated up front and copies it into the
/// lock-free ring; if the consumer falls behind, new samples are dropped and counted, never blocking.
public final class AudioCapture: @unchecked Sendable {
    // @unchecked: the PCM and period buffer belong to the capture thread while it runs; the owner
    // touches them only before start() and after the join in stop(), serialised by `lifecycle`.
    public let device: String
    public let format: AudioFormat
    /// Samples captured and not yet read, interleaved.
    public let ring: AudioRingBuffer
    private let pcm: any PCMStream
    private let status = AudioStreamStatus()
    private let lifecycle = Mutex<DeviceThreadState>(.idle)
    private let periodBuffer: UnsafeMutablePointer<Int16>
    private let realtimePriority: Bool

    /// - Parameters:
    ///   - device: an ALSA PCM name: "default", "hw:0", "plughw:1,0" or one defined in `configuration`.
    ///   - configuration: PCM definitions to use instead of the system configuration (tests, custom setups).
    ///   - realtimePriority: ask for SCHED_FIFO (when permitted). Turn off for PCMs that are not paced by a
    ///     clock, such as the `file` plugin over `null`, whose thread would otherwise spin at real-time priority.
    ///   - bufferMilliseconds: how much audio the ring holds for a slow consumer before dropping.
    public convenience init(device: String = "default", format: AudioFormat = .voiceMono,
                configuration: ALSAConfiguration? = nil, bufferMilliseconds: Int = 500,
                realtimePriority: Bool = true) throws(AudioDeviceError) {
        let pcm = try PCMDevice(name: device, direction: .capture, format: format, configuration: configuration)
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

    /// Times ALSA reported an overrun (or suspend) and the stream was recovered with snd_pcm_recover.
    public var xrunCount: Int { status.xruns.load(ordering: .relaxed) }
    /// Samples dropped because the ring was full.
    public var droppedSampleCount: Int { status.shortfalls.load(ordering: .relaxed) }
    /// Frames read from the device so far.
    public var capturedFrameCount: Int { status.frames.load(ordering: .relaxed) }
    /// Why the thread stopped on its own (device unplugged, unrecoverable error), nil while healthy.
    public var failure: AudioDeviceError? { status.failure }
    public var isRunning: Bool { status.running.load(ordering: .relaxed) }

    /// Starts the capture thread. Calling it again while running does nothing; after stop() it throws.
    public func start() throws(AudioDeviceError) {
        try lifecycle.withLock { (state) throws(AudioDeviceError) in
            switch state {
            case .running: return
            case .stopped: throw .streamFailed(device: device, reason: "it was stopped; open it again to restart")
            case .idle: break
            }
            status.running.store(true, ordering: .relaxed)
            let loop = CaptureLoop(pcm: pcm, ring: ring, status: status, buffer: periodBuffer,
                                   frames: pcm.periodFrames, channels: format.channels)
            guard let started = DeviceThread(name: "kaamos-capture", realtime: realtimePriority, run: { loop.run() }) else {
                status.running.store(false, ordering: .relaxed)
                throw .threadFailed(device: device)
            }
            state = .running(started)
        }
    }

    /// Stops the thread and waits for it; the device is closed and cannot be restarted.
    public func stop() {
        lifecycle.withLock { state in
            if case .stopped = state { return }
            status.running.store(false, ordering: .relaxed)
            state.thread?.join()
            state = .stopped
            pcm.drop()
            pcm.close()
        }
    }

    /// Copies out up to `destination.count` captured samples; returns how many. Never blocks.
    @discardableResult
    public func read(into destination: UnsafeMutableBufferPointer<Int16>) -> Int { ring.read(into: destination) }

    /// Copies out exactly one period (what one encoder frame needs) when a whole one is waiting; false
    /// otherwise, leaving the ring untouched. `destination` must hold `format.samplesPerPeriod` samples.
    public func readPeriod(into destination: UnsafeMutableBufferPointer<Int16>) -> Bool {
        let wanted = format.samplesPerPeriod
        guard destination.count >= wanted, ring.count >= wanted else { return false }
        return ring.read(into: UnsafeMutableBufferPointer(rebasing: destination[0..<wanted])) == wanted
    }

    /// Up to `maximumSamples` captured samples (allocates; for use off the real-time path).
    public func read(maximumSamples: Int) -> [Int16] { ring.read(maximum: maximumSamples) }
}

/// What the capture thread runs; holds no reference to the AudioCapture so dropping the owner stops it.
private struct CaptureLoop: @unchecked Sendable {
    let pcm: any PCMStream
    let ring: AudioRingBuffer
    let status: AudioStreamStatus
    let buffer: UnsafeMutablePointer<Int16>
    let frames: Int
    let channels: Int

    func run() {
        while status.running.load(ordering: .relaxed) {
            let result = pcm.read(buffer, frames: frames)
            if result == -Int(EINTR) { continue }
            if result == -Int(EAGAIN) {
                // Nothing captured yet: wait with a timeout so a stop request is seen even if no audio comes.
                let ready = pcm.wait(timeoutMilliseconds: 100)
                if ready < 0, !recover(from: Int(ready)) { return }
                continue
            }
            if result < 0 {
                if !recover(from: result) { return }
                continue
            }
            let samples = result * channels
            let taken = ring.write(UnsafeBufferPointer(start: buffer, count: samples))
            if taken < samples { status.shortfalls.wrappingAdd(samples - taken, ordering: .relaxed) }
            status.frames.wrappingAdd(result, ordering: .relaxed)
        }
    }

    /// snd_pcm_recover after an overrun or suspend; false (with the failure recorded) when the device is gone.
    private func recover(from error: Int) -> Bool {
        guard pcm.recover(from: error) >= 0 else {
            status.fail(.streamFailed(device: pcm.name, reason: ALSA.message(error)))
            return false
        }
        status.xruns.wrappingAdd(1, ordering: .relaxed)
        return true
    }
}
