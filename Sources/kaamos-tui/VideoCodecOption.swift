import ArgumentParser
import Foundation
import RTCMedia

/// `--video-codec vp8`, `h264`, or a list like `h264,vp8`: the codecs this client offers and
/// accepts for video, most wanted first. Without it: VP8, then H.264.
struct VideoCodecOption: ParsableArguments {
    @Option(name: .customLong("video-codec"), help: ArgumentHelp(
        "Video codecs to offer and accept, most wanted first: vp8, h264, or a comma-separated list (default vp8,h264).",
        valueName: "CODECS"))
    var text: String?

    func validate() throws {
        _ = try codecs()
    }

    /// Nil when the option is absent.
    func codecs() throws -> [VideoCodec]? {
        guard let text else { return nil }
        var result: [VideoCodec] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let codec = VideoCodec(encodingName: trimmed == "h.264" ? "h264" : trimmed) else {
                throw ValidationError("--video-codec: \"\(trimmed)\" is not vp8 or h264.")
            }
            if !result.contains(codec) { result.append(codec) }
        }
        return result
    }
}
