import CALSA

/// An ALSA PCM a user can pick, as `aplay -L` lists it.
public struct AudioDeviceInfo: Equatable, Sendable, Encodable {
    /// What to pass as `device:` ("default", "sysdefault:CARD=PCH", "hw:CARD=PCH,DEV=0").
    public var name: String
    /// The human description, possibly several lines joined with " / ".
    public var description: String
}

/// Capture and playback PCMs, listed separately since many are one-way.
public struct AudioDeviceList: Equatable, Sendable, Encodable {
    public var capture: [AudioDeviceInfo]
    public var playback: [AudioDeviceInfo]
}

public enum AudioDevices {
    /// The PCMs alsa-lib knows about (snd_device_name_hint). Empty lists without a sound card; the
    /// always-present "null" sink is left out because it is never what a user wants.
    public static func list() -> AudioDeviceList {
        ALSA.prepare()
        var result = AudioDeviceList(capture: [], playback: [])
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        guard snd_device_name_hint(-1, "pcm", &hints) == 0, let hints else { return result }
        defer { snd_device_name_free_hint(hints) }
        var index = 0
        while let hint = hints[index] {
            index += 1
            guard let name = take(snd_device_name_get_hint(hint, "NAME")), name != "null" else { continue }
            let description = (take(snd_device_name_get_hint(hint, "DESC")) ?? "")
                .split(separator: "\n").joined(separator: " / ")
            let info = AudioDeviceInfo(name: name, description: description)
            // IOID is absent for two-way PCMs, otherwise "Input" or "Output".
            switch take(snd_device_name_get_hint(hint, "IOID")) {
            case "Input": result.capture.append(info)
            case "Output": result.playback.append(info)
            default:
                result.capture.append(info)
                result.playback.append(info)
            }
        }
        return result
    }

    /// Copies and frees a string alsa-lib allocated with malloc.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
