import COpus
import CVPX

/// Why an encoder or decoder refused to start or to process a frame.
public enum CodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libopus returned an OPUS_* error code from `operation`.
    case opus(operation: String, code: Int32)
    /// libvpx returned a vpx_codec_err_t from `operation`, with its own detail text when it gave one.
    case vpx(operation: String, code: Int32, detail: String?)
    /// libopenh264 returned a failure code (a CM_RETURN) from `operation`.
    case openh264(operation: String, code: Int32)
    /// A PCM frame or picture did not have the size the codec was configured for.
    case wrongInputSize(what: String, expected: Int, actual: Int)
    /// A setting outside what the codec supports.
    case invalidSetting(String)

    public var description: String {
        switch self {
        case let .opus(operation, code):
            let text = String(cString: opus_strerror(code))
            return "Opus could not \(operation): \(text) (libopus error \(code))."
        case let .vpx(operation, code, detail):
            let text = String(cString: vpx_codec_err_to_string(vpx_codec_err_t(rawValue: UInt32(bitPattern: code))))
            let extra = detail.map { " (\($0))" } ?? ""
            return "VP8 could not \(operation): \(text)\(extra) (libvpx error \(code))."
        case let .openh264(operation, code):
            let text = switch code {
            case 1: "invalid parameters"
            case 3: "out of memory"
            case 4: "not initialised"
            case 5: "unsupported data"
            default: "unknown reason"
            }
            return "H.264 could not \(operation): \(text) (libopenh264 error \(code))."
        case let .wrongInputSize(what, expected, actual):
            return "The \(what) has \(actual) samples or pixels where the codec expects \(expected)."
        case let .invalidSetting(text):
            return "Invalid codec setting: \(text)."
        }
    }
}
