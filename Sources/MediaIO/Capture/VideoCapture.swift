#if canImport(Glibc)
import Glibc
#endif
import CDeviceShims
import CV4L2
import Synchronization

/// Captures I420 frames from a V4L2 camera on its own thread, using mmap streaming.
///
/// The format is negotiated through libv4l2 asking for V4L2_PIX_FMT_YUV420, so libv4lconvert turns
/// YUYV or MJPEG cameras into I420 for us. Opening and negotiating happen in `init`, so a missing, busy
/// or forbidden camera throws there with a sentence naming the device, and the caller goes on without video.
public final class VideoCapture: @unchecked Sendable {
    // @unchecked: the handle and mapped buffers belong to the capture thread while it runs; the owner
    // touches them only before start() and after the join in stop(), serialised by `lifecycle`.
    public let device: String
    /// The size the camera agreed to, which may differ from the one asked for.
    public let width: Int
    public let height: Int
    /// The frame rate the driver reports after negotiation, 0 when it does not say.
    public let framesPerSecond: Double

    private let stream: VideoStream
    private var handle: VideoDeviceHandle { stream.handle }
    private let lifecycle = Mutex<DeviceThread?>(nil)

    public init(device: String = "/dev/video0", width: Int = 640, height: Int = 480, fps: Int = 30) throws(VideoDeviceError) {
        self.device = device
        let handle = try VideoDeviceHandle(path: device)
        guard handle.canCapture else { throw .notACaptureDevice(path: device) }
        guard handle.canStream else {
            throw .failed(path: device, operation: "streaming set-up", reason: "the driver offers no mmap streaming")
        }

        let yuv420 = kaamos_v4l2_fourcc(0x59, 0x55, 0x31, 0x32)  // "YU12"
        var format = v4l2_format()
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        format.fmt.pix.width = UInt32(clamping: width)
        format.fmt.pix.height = UInt32(clamping: height)
        format.fmt.pix.pixelformat = yuv420
        format.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        let setResult = handle.control(kaamos_VIDIOC_S_FMT, &format)
        guard setResult == 0 else { throw .from(errno: setResult, path: device, operation: "set format") }
        guard format.fmt.pix.pixelformat == yuv420 else {
            throw .unsupportedFormat(path: device, reason: "no conversion to I420 from \(VideoDevices.fourCC(format.fmt.pix.pixelformat))")
        }
        self.width = Int(format.fmt.pix.width)
        self.height = Int(format.fmt.pix.height)
        let bytesPerLine = max(Int(format.fmt.pix.bytesperline), self.width)

        // The frame rate is a request: many drivers ignore it or round it, so failure is not an error.
        var parameters = v4l2_streamparm()
        parameters.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        parameters.parm.capture.timeperframe = v4l2_fract(numerator: 1, denominator: UInt32(clamping: max(fps, 1)))
        if handle.control(kaamos_VIDIOC_S_PARM, &parameters) == 0 {
            framesPerSecond = VideoDevices.framesPerSecond(parameters.parm.capture.timeperframe) ?? 0
        } else {
            framesPerSecond = 0
        }
        stream = try VideoStream(handle: handle, width: self.width, height: self.height, bytesPerLine: bytesPerLine)
    }

    deinit { stop() }

    public var capturedFrameCount: Int { stream.frames.load(ordering: .relaxed) }
    /// Buffers dequeued but not delivered (short or corrupt data).
    public var droppedFrameCount: Int { stream.dropped.load(ordering: .relaxed) }
    /// Why the thread stopped on its own (camera unplugged), nil while healthy.
    public var failure: VideoDeviceError? { stream.failureSlot.withLock { $0 } }

    /// Starts streaming; `onFrame` runs on the capture thread for every frame and must return quickly
    /// (hand the frame to the encoder's queue; do not render or send from it).
    public func start(onFrame: @escaping @Sendable (I420Frame) -> Void) throws(VideoDeviceError) {
        try lifecycle.withLock { (thread) throws(VideoDeviceError) in
            guard thread == nil else { return }
            var type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            let result = handle.control(kaamos_VIDIOC_STREAMON, &type)
            guard result == 0 else { throw .from(errno: result, path: device, operation: "start streaming") }
            stream.running.store(true, ordering: .relaxed)
            let loop = VideoCaptureLoop(stream: stream, onFrame: onFrame)
            guard let started = DeviceThread(name: "kaamos-camera", realtime: false, run: { loop.run() }) else {
                stream.running.store(false, ordering: .relaxed)
                throw .failed(path: device, operation: "start", reason: "cannot create the capture thread")
            }
            thread = started
        }
    }

    /// Stops streaming and waits for the capture thread. The device stays open; `start` may be called again.
    public func stop() {
        lifecycle.withLock { thread in
            guard let started = thread else { return }
            stream.running.store(false, ordering: .relaxed)
            started.join()
            thread = nil
            var type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            handle.control(kaamos_VIDIOC_STREAMOFF, &type)
            // STREAMOFF returns every buffer to us; queue them again so a later start() has them.
            for index in stream.buffers.indices {
                var buffer = v4l2_buffer()
                buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
                buffer.memory = V4L2_MEMORY_MMAP.rawValue
                buffer.index = UInt32(index)
                handle.control(kaamos_VIDIOC_QBUF, &buffer)
            }
        }
    }
}

/// The capture thread's body.
private struct VideoCaptureLoop: Sendable {
    let stream: VideoStream
    let onFrame: @Sendable (I420Frame) -> Void

    func run() {
        while stream.captureOne(onFrame: onFrame) {}
    }
}

/// The device side of a VideoCapture: the libv4l2 handle, the mapped driver buffers and the counters the
/// capture thread updates. A separate object so that the thread never holds the VideoCapture itself.
private final class VideoStream: @unchecked Sendable {
    // @unchecked: `buffers` is written only in init; the handle is used by one thread at a time
    // (the capture thread while running, the owner otherwise).
    let handle: VideoDeviceHandle
    let device: String
    let width: Int
    let height: Int
    let bytesPerLine: Int
    private(set) var buffers: [UnsafeMutableRawBufferPointer] = []
    let running = Atomic<Bool>(false)
    let frames = Atomic<Int>(0)
    let dropped = Atomic<Int>(0)
    let failureSlot = Mutex<VideoDeviceError?>(nil)

    /// Driver buffers: enough that one slow frame in the renderer does not stall the camera.
    private static let bufferCount: UInt32 = 4

    init(handle: VideoDeviceHandle, width: Int, height: Int, bytesPerLine: Int) throws(VideoDeviceError) {
        self.handle = handle
        device = handle.path
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine
        var request = v4l2_requestbuffers()
        request.count = Self.bufferCount
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        request.memory = V4L2_MEMORY_MMAP.rawValue
        let result = handle.control(kaamos_VIDIOC_REQBUFS, &request)
        guard result == 0 else { throw .from(errno: result, path: device, operation: "request buffers") }
        guard request.count >= 2 else {
            throw .failed(path: device, operation: "request buffers", reason: "only \(request.count) buffer granted")
        }
        for index in 0..<request.count {
            var buffer = v4l2_buffer()
            buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            buffer.memory = V4L2_MEMORY_MMAP.rawValue
            buffer.index = index
            let query = handle.control(kaamos_VIDIOC_QUERYBUF, &buffer)
            guard query == 0 else { throw .from(errno: query, path: device, operation: "query buffer") }
            let mapped = v4l2_mmap(nil, Int(buffer.length), PROT_READ | PROT_WRITE, MAP_SHARED, handle.descriptor,
                                   Int64(buffer.m.offset))
            guard let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) else {
                throw .from(errno: errno, path: device, operation: "map buffer")
            }
            buffers.append(UnsafeMutableRawBufferPointer(start: mapped, count: Int(buffer.length)))
            let queued = handle.control(kaamos_VIDIOC_QBUF, &buffer)
            guard queued == 0 else { throw .from(errno: queued, path: device, operation: "queue buffer") }
        }
    }

    deinit {
        for buffer in buffers { v4l2_munmap(buffer.baseAddress, buffer.count) }
    }

    /// One iteration of the capture thread: wait up to 100 ms for a frame, deliver it, requeue the buffer.
    /// Returns false when the thread should end.
    func captureOne(onFrame: (I420Frame) -> Void) -> Bool {
        guard running.load(ordering: .relaxed) else { return false }
        // poll() with a timeout rather than a blocking DQBUF, so stop() is noticed within 100 ms.
        var waiting = pollfd(fd: handle.descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&waiting, 1, 100)
        if ready < 0 && errno != EINTR { return fail(errno, "wait for frame") }
        if ready <= 0 { return true }
        var buffer = v4l2_buffer()
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        let result = handle.control(kaamos_VIDIOC_DQBUF, &buffer)
        if result == EAGAIN { return true }
        guard result == 0 else { return fail(result, "dequeue buffer") }
        let index = Int(buffer.index)
        if index < buffers.count {
            let used = min(Int(buffer.bytesused), buffers[index].count)
            let micros = Int64(buffer.timestamp.tv_sec) * 1_000_000 + Int64(buffer.timestamp.tv_usec)
            if let frame = I420Frame(planarYUV420: UnsafeRawBufferPointer(rebasing: buffers[index][0..<used]),
                                     width: width, height: height, bytesPerLine: bytesPerLine, timestampMicros: micros),
               buffer.flags & UInt32(V4L2_BUF_FLAG_ERROR) == 0 {
                frames.wrappingAdd(1, ordering: .relaxed)
                onFrame(frame)
            } else {
                dropped.wrappingAdd(1, ordering: .relaxed)
            }
        }
        let requeued = handle.control(kaamos_VIDIOC_QBUF, &buffer)
        guard requeued == 0 else { return fail(requeued, "requeue buffer") }
        return true
    }

    private func fail(_ code: Int32, _ operation: String) -> Bool {
        let error = VideoDeviceError.from(errno: code, path: device, operation: operation)
        failureSlot.withLock { $0 = $0 ?? error }
        running.store(false, ordering: .relaxed)
        return false
    }
}

