import CALSA

/// One open ALSA PCM in S16_LE interleaved read/write mode. Owns the `snd_pcm_t` and closes it in deinit.
///
/// Opened non-blocking: the audio thread waits in snd_pcm_wait with a timeout instead of inside readi or
/// writei, so stop() is noticed within 100 ms even when a device stalls and delivers nothing.
/// Used from a single audio thread once streaming; not thread-safe by itself.
final class PCMDevice {
    enum Direction { case capture, playback }

    let name: String
    let format: AudioFormat
    let direction: Direction
    /// Frames per period and buffer as the device granted them (may differ from what we asked).
    private(set) var periodFrames = 0
    private(set) var bufferFrames = 0
    private var handle: OpaquePointer?
    /// Kept alive as long as the PCM: alsa-lib does not promise that an open PCM never looks back at the
    /// configuration tree it was opened from.
    private let configuration: ALSAConfiguration?

    init(name: String, direction: Direction, format: AudioFormat,
         configuration: ALSAConfiguration?) throws(AudioDeviceError) {
        ALSA.prepare()
        self.name = name
        self.format = format
        self.direction = direction
        self.configuration = configuration
        if let problem = format.problem { throw .unsupportedFormat(device: name, reason: problem) }
        let stream = direction == .capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK
        var pcm: OpaquePointer?
        let result = if let configuration {
            snd_pcm_open_lconf(&pcm, name, stream, SND_PCM_NONBLOCK, configuration.handle)
        } else {
            snd_pcm_open(&pcm, name, stream, SND_PCM_NONBLOCK)
        }
        guard result == 0, let pcm else { throw .cannotOpen(device: name, reason: ALSA.message(result)) }
        handle = pcm
        try configure(pcm)
    }

    deinit { close() }

    func close() {
        if let handle { snd_pcm_close(handle) }
        handle = nil
    }

    private func configure(_ pcm: OpaquePointer) throws(AudioDeviceError) {
        var hardware: OpaquePointer?
        guard snd_pcm_hw_params_malloc(&hardware) == 0, let hardware else {
            throw .unsupportedFormat(device: name, reason: "out of memory")
        }
        defer { snd_pcm_hw_params_free(hardware) }
        func check(_ result: Int32, _ what: String) throws(AudioDeviceError) {
            if result < 0 { throw .unsupportedFormat(device: name, reason: "\(what): \(ALSA.message(result))") }
        }
        try check(snd_pcm_hw_params_any(pcm, hardware), "no configurations")
        try check(snd_pcm_hw_params_set_access(pcm, hardware, SND_PCM_ACCESS_RW_INTERLEAVED), "interleaved access")
        try check(snd_pcm_hw_params_set_format(pcm, hardware, SND_PCM_FORMAT_S16_LE), "S16_LE samples")
        try check(snd_pcm_hw_params_set_channels(pcm, hardware, UInt32(format.channels)), "\(format.channels) channels")
        var rate = UInt32(format.sampleRate)
        try check(snd_pcm_hw_params_set_rate_near(pcm, hardware, &rate, nil), "\(format.sampleRate) Hz")
        guard rate == UInt32(format.sampleRate) else {
            throw .unsupportedFormat(device: name, reason: "\(format.sampleRate) Hz (the nearest is \(rate) Hz)")
        }
        var period = snd_pcm_uframes_t(format.framesPerPeriod)
        try check(snd_pcm_hw_params_set_period_size_near(pcm, hardware, &period, nil), "period size")
        // Capture keeps more periods so a late reader does not overrun; playback keeps latency low.
        var buffer = period * (direction == .capture ? 8 : 4)
        try check(snd_pcm_hw_params_set_buffer_size_near(pcm, hardware, &buffer), "buffer size")
        try check(snd_pcm_hw_params(pcm, hardware), "applying parameters")
        periodFrames = Int(period)
        bufferFrames = Int(buffer)

        var software: OpaquePointer?
        guard snd_pcm_sw_params_malloc(&software) == 0, let software else {
            throw .unsupportedFormat(device: name, reason: "out of memory")
        }
        defer { snd_pcm_sw_params_free(software) }
        try check(snd_pcm_sw_params_current(pcm, software), "software parameters")
        try check(snd_pcm_sw_params_set_avail_min(pcm, software, period), "wake-up threshold")
        // Playback starts as soon as one period is queued: a call wants low latency, not a full buffer.
        let start = direction == .playback ? period : 1
        try check(snd_pcm_sw_params_set_start_threshold(pcm, software, start), "start threshold")
        try check(snd_pcm_sw_params(pcm, software), "applying software parameters")
        try check(snd_pcm_prepare(pcm), "prepare")
    }

    func wait(timeoutMilliseconds: Int32) -> Int32 {
        guard let handle else { return -EBADF }
        return snd_pcm_wait(handle, timeoutMilliseconds)
    }

    /// Reads up to `frames` frames; returns frames read or a negative errno.
    func read(_ buffer: UnsafeMutablePointer<Int16>, frames: Int) -> Int {
        guard let handle else { return -Int(EBADF) }
        return Int(snd_pcm_readi(handle, buffer, snd_pcm_uframes_t(frames)))
    }

    /// Writes up to `frames` frames; returns frames written or a negative errno.
    func write(_ buffer: UnsafePointer<Int16>, frames: Int) -> Int {
        guard let handle else { return -Int(EBADF) }
        return Int(snd_pcm_writei(handle, buffer, snd_pcm_uframes_t(frames)))
    }

    /// Recovers from an xrun (-EPIPE) or suspend (-ESTRPIPE); returns 0 when the stream can go on.
    func recover(from error: Int) -> Int32 {
        guard let handle else { return -EBADF }
        return snd_pcm_recover(handle, Int32(truncatingIfNeeded: error), 1)
    }

    /// Blocks until queued playback frames have been played.
    func drain() {
        guard let handle else { return }
        // In non-blocking mode snd_pcm_drain returns -EAGAIN at once instead of waiting.
        snd_pcm_nonblock(handle, 0)
        snd_pcm_drain(handle)
    }

    /// Stops at once, dropping queued frames.
    func drop() {
        if let handle { snd_pcm_drop(handle) }
    }
}
