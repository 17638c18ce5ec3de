import Foundation
import Testing
@testable import MediaIO

@Suite struct CaptureVideoTests {
    @Test func nonexistentDeviceSaysNoSuchDevice() {
        let error = #expect(throws: VideoDeviceError.self) { try VideoCapture(device: "/dev/video9") }
        #expect(error == .noSuchDevice(path: "/dev/video9"))
        #expect(error?.description == "camera /dev/video9: no such device")
    }

    @Test func regularFileIsNotACaptureDevice() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("video0")
        try Data("not a camera".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: VideoDeviceError.self) { try VideoCapture(device: path) }
        #expect(error?.description == "camera \(path): is not a video capture device")
    }

    @Test(arguments: ["/dev/null", "/dev/zero", "/tmp"])
    func otherNodesAreNotCaptureDevices(path: String) {
        let error = #expect(throws: VideoDeviceError.self) { try VideoCapture(device: path) }
        #expect(error == .notACaptureDevice(path: path))
    }

    @Test func errnoMapsToTheSentenceTheUserNeeds() {
        #expect(VideoDeviceError.from(errno: EBUSY, path: "/dev/video0", operation: "set format").description
                == "camera /dev/video0: busy (used by another program)")
        #expect(VideoDeviceError.from(errno: EACCES, path: "/dev/video1", operation: "open").description
                == "camera /dev/video1: permission denied (is the user in the 'video' group?)")
        #expect(VideoDeviceError.from(errno: ENODEV, path: "/dev/video2", operation: "open") == .noSuchDevice(path: "/dev/video2"))
        #expect(VideoDeviceError.from(errno: EIO, path: "/dev/video3", operation: "dequeue buffer").description
                == "camera /dev/video3: dequeue buffer failed: Input/output error")
    }

    // Root ignores file modes, so this only means something when the tests run unprivileged.
    @Test(.enabled(if: getuid() != 0)) func unreadableNodeIsPermissionDeniedForOrdinaryUsers() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("video0")
        _ = FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o000])
        let error = #expect(throws: VideoDeviceError.self) { try VideoCapture(device: path) }
        #expect(error == .permissionDenied(path: path))
    }

    @Test func enumerationOnThisMachineDoesNotCrash() {
        let cameras = VideoDevices.list()
        if VideoDevices.nodePaths(in: "/dev").isEmpty { #expect(cameras.isEmpty) }
        #expect(cameras.allSatisfy { $0.path.hasPrefix("/dev/video") })
    }

    @Test func enumerationSkipsNodesThatAreNotCamerasAndSortsNumerically() throws {
        let directory = TemporaryDirectory()
        for name in ["video10", "video2", "videoX", "audio0", "video0"] {
            try Data().write(to: URL(fileURLWithPath: directory.file(name)))
        }
        #expect(VideoDevices.nodePaths(in: directory.path) == ["video0", "video2", "video10"].map(directory.file))
        #expect(VideoDevices.list(directory: directory.path).isEmpty)
        #expect(VideoDevices.list(directory: "/nonexistent-dir").isEmpty)
    }

    @Test func fourCCReadsLittleEndianCodes() {
        #expect(VideoDevices.fourCC(0x5659_5559) == "YUYV")
        #expect(VideoDevices.fourCC(0x4750_4A4D) == "MJPG")
        #expect(VideoDevices.fourCC(0x0000_3159) == "Y1??")
    }

    @Test func planarBufferBecomesAnI420FrameWithStrides() throws {
        // 4x2 picture with 6-byte lines, as a driver with padding delivers it.
        let bytes: [UInt8] = [1, 2, 3, 4, 0, 0, 5, 6, 7, 8, 0, 0, /* U */ 9, 10, 0, /* V */ 11, 12, 0]
        let frame = try #require(bytes.withUnsafeBytes {
            I420Frame(planarYUV420: $0, width: 4, height: 2, bytesPerLine: 6, timestampMicros: 99)
        })
        #expect(frame.luma(x: 3, y: 1) == 8)
        #expect(frame.chromaU(x: 3, y: 1) == 10)
        #expect(frame.chromaV(x: 0, y: 0) == 11)
        #expect(frame.strideY == 6)
        #expect(frame.timestampMicros == 99)
    }

    @Test func shortOrAbsurdPlanarBuffersAreRejected() {
        let bytes = [UInt8](repeating: 0, count: 17)
        bytes.withUnsafeBytes { raw in
            #expect(I420Frame(planarYUV420: raw, width: 4, height: 2, bytesPerLine: 6) == nil)
            #expect(I420Frame(planarYUV420: raw, width: 4, height: 2, bytesPerLine: 3) == nil)
            #expect(I420Frame(planarYUV420: raw, width: 0, height: 2, bytesPerLine: 4) == nil)
            #expect(I420Frame(planarYUV420: raw, width: 2, height: 2, bytesPerLine: 2) != nil)
        }
    }
}
