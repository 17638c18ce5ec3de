/// What the audio threads need from a PCM: non-blocking interleaved I/O (-EAGAIN when not ready),
/// waiting with a timeout, and xrun recovery.
///
/// PCMDevice (ALSA) is the real one; tests substitute scripted streams to drive xruns and failures that
/// alsa-lib's file plugin cannot produce.
protocol PCMStream: AnyObject {
    var name: String { get }
    /// Frames per read or write, as granted by the device.
    var periodFrames: Int { get }
    /// Frames read, or a negative errno.
    func read(_ buffer: UnsafeMutablePointer<Int16>, frames: Int) -> Int
    /// Frames written, or a negative errno.
    func write(_ buffer: UnsafePointer<Int16>, frames: Int) -> Int
    /// Waits until the device can take or give frames: 1 when ready, 0 on timeout, a negative errno
    /// on an xrun or failure.
    func wait(timeoutMilliseconds: Int32) -> Int32
    /// 0 when the stream can go on after `error` (snd_pcm_recover), negative otherwise.
    func recover(from error: Int) -> Int32
    func drain()
    func drop()
    func close()
}

extension PCMDevice: PCMStream {}
