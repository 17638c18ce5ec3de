import ClientCore
import Foundation
@testable import MediaIO
import Testing

@Suite struct DeviceListingTests {
    @Test func withoutDevicesEachSectionSaysSo() throws {
        let listing = DeviceListing(report: DeviceReport(audioCapture: [], audioPlayback: [], cameras: []))
        #expect(listing.text() == "no audio capture devices\nno audio playback devices\nno cameras\n")
        let object = try JSONSerialization.jsonObject(with: Data(listing.json().utf8)) as? [String: Any]
        #expect(object?.keys.sorted() == ["audio_capture", "audio_playback", "cameras"])
        #expect((object?["cameras"] as? [Any])?.isEmpty == true)
    }

    @Test func devicesAreListedWithTheirFormats() throws {
        let microphone = AudioDeviceInfo(name: "sysdefault:CARD=PCH", description: "HDA Intel PCH / Default Audio Device")
        let camera = VideoDeviceInfo(path: "/dev/video0", driver: "uvcvideo", card: "Integrated Camera", busInfo: "usb-0000:00:14.0-8",
                                     canCapture: true, canStream: true,
                                     formats: [VideoFormatInfo(fourCC: "YUYV", description: "YUYV 4:2:2", isEmulated: false,
                                                               sizes: [VideoFrameSize(width: 640, height: 480, framesPerSecond: [30, 15])])],
                                     problem: nil)
        let listing = DeviceListing(report: DeviceReport(audioCapture: [microphone], audioPlayback: [], cameras: [camera]))
        let lines = listing.text().split(separator: "\n").map(String.init)
        #expect(lines.first == "Audio capture:")
        #expect(lines.contains("  sysdefault:CARD=PCH  HDA Intel PCH / Default Audio Device"))
        #expect(lines.contains("no audio playback devices"))
        #expect(lines.contains("Cameras:"))
        #expect(lines.contains("  /dev/video0  Integrated Camera [uvcvideo]"))
        #expect(lines.contains("      640x480  30, 15 fps"))
        #expect(!lines.contains("no cameras") && !lines.contains("  (none)"))

        let object = try JSONSerialization.jsonObject(with: Data(listing.json().utf8)) as? [String: Any]
        let cameras = object?["cameras"] as? [[String: Any]]
        let format = (cameras?.first?["formats"] as? [[String: Any]])?.first
        #expect(format?["four_cc"] as? String == "YUYV")
        #expect(((format?["sizes"] as? [[String: Any]])?.first?["frames_per_second"] as? [Double]) == [30, 15])
        #expect((object?["audio_capture"] as? [[String: Any]])?.first?["name"] as? String == "sysdefault:CARD=PCH")
    }
}
