import Foundation
import Testing

@Suite struct DevicesCommandTests {
    @Test func textListsEverySectionOrSaysItIsEmpty() throws {
        let run = try KaamosBinary.run(["devices"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let text = String(decoding: run.stdout, as: UTF8.self)
        #expect(text.contains("no audio capture devices") || text.hasPrefix("Audio capture:"))
        #expect(text.contains("no audio playback devices") || text.contains("Audio playback:"))
        #expect(text.contains("no cameras") || text.contains("Cameras:"))
        let hasCamera = (try? FileManager.default.contentsOfDirectory(atPath: "/dev"))?.contains { $0.hasPrefix("video") } ?? false
        if !hasCamera { #expect(text.hasSuffix("no cameras\n")) }
    }

    @Test func jsonIsOneObjectWithTheThreeLists() throws {
        let run = try KaamosBinary.run(["devices", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any]
        #expect(object?.keys.sorted() == ["audio_capture", "audio_playback", "cameras"])
        #expect(object?["cameras"] is [Any])
    }
}
