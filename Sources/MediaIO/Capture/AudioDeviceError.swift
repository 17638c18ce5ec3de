/// Why an audio device could not be used; `description` is one sentence the UI can show before going on
/// without audio ("audio device 'default' cannot be opened: No such file or directory").
public enum AudioDeviceError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(device: String, reason: String)
    case unsupportedFormat(device: String, reason: String)
    case invalidConfiguration(reason: String)
    case streamFailed(device: String, reason: String)
    case threadFailed(device: String)

    public var description: String {
        switch self {
        case let .cannotOpen(device, reason): "audio device '\(device)' cannot be opened: \(reason)"
        case let .unsupportedFormat(device, reason): "audio device '\(device)' does not support the format: \(reason)"
        case let .invalidConfiguration(reason): "ALSA configuration is invalid: \(reason)"
        case let .streamFailed(device, reason): "audio device '\(device)' stopped working: \(reason)"
        case let .threadFailed(device): "audio device '\(device)': cannot start its audio thread"
        }
    }
}
