import Foundation
import Testing
@testable import MediaIO

@Suite struct CaptureDeviceReportTests {
    let sample = DeviceReport(
        audioCapture: [AudioDeviceInfo(name: "default", description: "Default ALSA Output")],
        audioPlayback: [],
        cameras: [
            VideoDeviceInfo(path: "/dev/video0", driver: "uvcvideo", card: "Integrated Camera", busInfo: "usb-0000:00:14.0-8",
                            canCapture: true, canStream: true,
                            formats: [VideoFormatInfo(fourCC: "YUYV", description: "YUYV 4:2:2", isEmulated: false,
                                                      sizes: [VideoFrameSize(width: 640, height: 480, framesPerSecond: [30, 15]),
                                                              VideoFrameSize(width: 1280, height: 720, framesPerSecond: [29.97])]),
                                      VideoFormatInfo(fourCC: "YU12", description: "Planar YUV 4:2:0", isEmulated: true, sizes: [])],
                            problem: nil),
            VideoDeviceInfo(path: "/dev/video2", driver: "", card: "", busInfo: "", canCapture: false, canStream: false,
                            formats: [], problem: "camera /dev/video2: permission denied"),
        ])

    @Test func textListsEverySectionAndFormat() {
        #expect(sample.textDescription() == """
            Audio capture:
              default  Default ALSA Output
            Audio playback:
              (none)
            Cameras:
              /dev/video0  Integrated Camera [uvcvideo]
                YUYV YUYV 4:2:2
                  640x480  30, 15 fps
                  1280x720  29.97 fps
                YU12 Planar YUV 4:2:0 (converted)
              /dev/video2  unavailable: camera /dev/video2: permission denied

            """)
    }

    @Test func jsonHasTheFieldsTheCLIPrints() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(String(data: try encoder.encode(sample), encoding: .utf8))
        #expect(json.contains(#""audioCapture":[{"description":"Default ALSA Output","name":"default"}]"#))
        #expect(json.contains(#""framesPerSecond":[30,15],"height":480,"width":640"#))
        #expect(json.contains(#""fourCC":"YU12","isEmulated":true"#))
        #expect(json.contains(#""audioPlayback":[]"#))
    }

    @Test func currentReportOnThisMachineDoesNotCrash() {
        let report = DeviceReport.current()
        if VideoDevices.nodePaths(in: "/dev").isEmpty { #expect(report.cameras.isEmpty) }
        #expect(report.textDescription().hasPrefix("Audio capture:\n"))
    }
}
