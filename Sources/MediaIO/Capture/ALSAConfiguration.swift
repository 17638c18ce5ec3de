import CALSA

/// A private ALSA configuration tree (PCM definitions) to open devices from, instead of the system one.
///
/// Lets a test or a user point at PCMs such as `type file` without touching ~/.asoundrc or the
/// process-wide ALSA_CONFIG_PATH. Owns the `snd_config_t` and deletes it in deinit.
public final class ALSAConfiguration: @unchecked Sendable {
    // Immutable after init; alsa-lib only reads it when opening a PCM.
    let handle: OpaquePointer

    /// Parses configuration text such as `pcm.mic { type file ... }`.
    public init(text: String) throws(AudioDeviceError) {
        ALSA.prepare()
        var top: OpaquePointer?
        guard snd_config_top(&top) == 0, let top else { throw .invalidConfiguration(reason: "out of memory") }
        var input: OpaquePointer?
        let bytes = Array(text.utf8)
        let openResult = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { snd_input_buffer_open(&input, $0.baseAddress, $0.count) }
        }
        guard openResult == 0, let input else {
            snd_config_delete(top)
            throw .invalidConfiguration(reason: ALSA.message(openResult))
        }
        let loadResult = snd_config_load(top, input)
        snd_input_close(input)
        guard loadResult == 0 else {
            snd_config_delete(top)
            throw .invalidConfiguration(reason: ALSA.message(loadResult))
        }
        handle = top
    }

    /// Reads configuration text from a file.
    public convenience init(path: String) throws(AudioDeviceError) {
        let bytes: [UInt8]
        do {
            let input = try MediaFileInput(path: path)
            bytes = try input.read(count: min(input.length ?? 1 << 20, 1 << 20))
        } catch {
            throw .invalidConfiguration(reason: error.description)
        }
        try self.init(text: String(decoding: bytes, as: UTF8.self))
    }

    deinit { snd_config_delete(handle) }
}
