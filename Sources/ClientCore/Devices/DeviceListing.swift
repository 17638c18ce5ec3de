import Foundation
import MediaIO

/// What `kaamos-tui devices` prints: MediaIO's `DeviceReport`, with an empty section said in words
/// ("no audio capture devices") and JSON keys in snake case.
public struct DeviceListing: Sendable {
    public var report: DeviceReport

    public init(report: DeviceReport) {
        self.report = report
    }

    /// This machine's devices now.
    public static func current() -> DeviceListing {
        DeviceListing(report: .current())
    }

    /// The report's text, each empty section replaced by one line saying there is no such device.
    public func text() -> String {
        // The report's sections start at an unindented heading; their entries are indented.
        var sections: [[Substring]] = []
        for line in report.textDescription().split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.first != " " || sections.isEmpty { sections.append([line]) } else { sections[sections.count - 1].append(line) }
        }
        let empty = ["no audio capture devices", "no audio playback devices", "no cameras"]
        let isEmpty = [report.audioCapture.isEmpty, report.audioPlayback.isEmpty, report.cameras.isEmpty]
        var lines: [Substring] = []
        for (index, section) in sections.enumerated() {
            if index < isEmpty.count, isEmpty[index] { lines.append(Substring(empty[index])) } else { lines += section }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object: audio_capture and audio_playback (name, description) and cameras (path,
    /// driver, card, bus_info, can_capture, can_stream, formats with four_cc, description,
    /// is_emulated and sizes with width, height, frames_per_second; problem when unusable).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
