/// Everything `kaamos-tui devices` shows: ALSA capture and playback PCMs and V4L2 cameras with formats.
///
/// Encodable for `--json`; `textDescription()` for people. Building one never fails: a machine without
/// sound card or camera gives empty lists.
public struct DeviceReport: Equatable, Sendable, Encodable {
    public var audioCapture: [AudioDeviceInfo]
    public var audioPlayback: [AudioDeviceInfo]
    public var cameras: [VideoDeviceInfo]

    public init(audioCapture: [AudioDeviceInfo], audioPlayback: [AudioDeviceInfo], cameras: [VideoDeviceInfo]) {
        self.audioCapture = audioCapture
        self.audioPlayback = audioPlayback
        self.cameras = cameras
    }

    /// Looks at this machine's devices now.
    public static func current(videoDirectory: String = "/dev") -> DeviceReport {
        let audio = AudioDevices.list()
        return DeviceReport(audioCapture: audio.capture, audioPlayback: audio.playback,
                            cameras: VideoDevices.list(directory: videoDirectory))
    }

    /// A plain-text listing, one device per line with its formats indented below.
    public func textDescription() -> String {
        var lines: [String] = []
        func audioSection(_ title: String, _ devices: [AudioDeviceInfo]) {
            lines.append("\(title):")
            if devices.isEmpty { lines.append("  (none)") }
            for device in devices {
                lines.append(device.description.isEmpty ? "  \(device.name)" : "  \(device.name)  \(device.description)")
            }
        }
        audioSection("Audio capture", audioCapture)
        audioSection("Audio playback", audioPlayback)
        lines.append("Cameras:")
        if cameras.isEmpty { lines.append("  (none)") }
        for camera in cameras {
            if let problem = camera.problem {
                lines.append("  \(camera.path)  unavailable: \(problem)")
                continue
            }
            let role = camera.canCapture ? (camera.canStream ? "" : "  (no streaming)") : "  (not a capture node)"
            lines.append("  \(camera.path)  \(camera.card) [\(camera.driver)]\(role)")
            for format in camera.formats {
                let emulated = format.isEmulated ? " (converted)" : ""
                lines.append("    \(format.fourCC) \(format.description)\(emulated)")
                for size in format.sizes {
                    let rates = size.framesPerSecond.map(Self.formatRate).joined(separator: ", ")
                    lines.append("      \(size.width)x\(size.height)" + (rates.isEmpty ? "" : "  \(rates) fps"))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "30" for whole rates, "29.97" otherwise.
    static func formatRate(_ rate: Double) -> String {
        if rate == rate.rounded() { return String(Int(rate)) }
        let hundredths = Int((rate * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    }
}
