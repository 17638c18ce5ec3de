import CALSA
import CDeviceShims

/// Process-wide ALSA set-up shared by devices and enumeration.
enum ALSA {
    private static let silenced: Void = kaamos_alsa_silence_errors()

    /// alsa-lib prints its own diagnostics to stderr, which would tear the terminal UI; errors still
    /// come back as return codes. Idempotent and thread-safe (a lazy global).
    static func prepare() { _ = silenced }

    static func message(_ code: Int32) -> String { String(cString: snd_strerror(code)) }
    static func message(_ code: Int) -> String { message(Int32(truncatingIfNeeded: code)) }
}
