#if canImport(Glibc)
import Glibc
#endif

/// Sequential bytes from a file descriptor or an in-memory buffer, tracking the byte offset for errors.
///
/// Owns the descriptor and closes it in deinit. Reads are buffered so that header parsing byte by byte
/// does not cost a system call per byte.
final class MediaFileInput {
    let name: String
    /// Total length when known (regular files and memory), used to tell a truncated file from a short read.
    let length: Int?
    private(set) var offset = 0

    private var descriptor: Int32 = -1
    private var buffer: [UInt8]
    private var bufferStart = 0
    private var bufferEnd = 0
    private let isMemory: Bool

    init(path: String) throws(MediaFileError) {
        name = path
        isMemory = false
        buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw MediaFileError(file: path, offset: nil, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            length = Int(info.st_size)
        } else {
            length = nil
        }
    }

    init(bytes: [UInt8], name: String) {
        self.name = name
        isMemory = true
        buffer = bytes
        bufferEnd = bytes.count
        length = bytes.count
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Bytes left when the length is known.
    var remaining: Int? { length.map { $0 - offset } }

    func error(_ reason: String, at position: Int? = nil) -> MediaFileError {
        MediaFileError(file: name, offset: position ?? offset, reason: reason)
    }

    /// Refills the buffer; false at end of input.
    private func refill() throws(MediaFileError) -> Bool {
        if isMemory { return false }
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw error("read failed: \(String(cString: strerror(errno)))")
            }
            bufferStart = 0
            bufferEnd = count
            return count > 0
        }
    }

    func readByte() throws(MediaFileError) -> UInt8? {
        if bufferStart == bufferEnd, !(try refill()) { return nil }
        let byte = buffer[bufferStart]
        bufferStart += 1
        offset += 1
        return byte
    }

    /// Reads up to `maximum` bytes ending with `terminator` (included in the count, not the result).
    /// Returns nil at a clean end of input; throws when the line is longer than `maximum` or cut off.
    func readLine(terminator: UInt8 = 0x0A, maximum: Int, what: String) throws(MediaFileError) -> [UInt8]? {
        let start = offset
        var line: [UInt8] = []
        while true {
            guard let byte = try readByte() else {
                if line.isEmpty { return nil }
                throw error("truncated \(what) (no end of line)", at: start)
            }
            if byte == terminator { return line }
            line.append(byte)
            if line.count > maximum { throw error("\(what) longer than \(maximum) bytes", at: start) }
        }
    }

    /// Copies up to `destination.count` bytes; returns how many were copied (fewer only at end of input).
    func read(into destination: UnsafeMutableRawBufferPointer) throws(MediaFileError) -> Int {
        var copied = 0
        while copied < destination.count {
            if bufferStart == bufferEnd, !(try refill()) { break }
            let chunk = min(destination.count - copied, bufferEnd - bufferStart)
            buffer.withUnsafeBytes { source in
                (destination.baseAddress! + copied).copyMemory(from: source.baseAddress! + bufferStart, byteCount: chunk)
            }
            bufferStart += chunk
            copied += chunk
        }
        offset += copied
        return copied
    }

    /// Fills `array` from the start; returns how many bytes were read (fewer only at end of input).
    func read(into array: inout [UInt8]) throws(MediaFileError) -> Int {
        let result = array.withUnsafeMutableBytes { raw in Result { () throws(MediaFileError) in try read(into: raw) } }
        return try result.get()
    }

    /// Reads exactly `count` bytes or returns what was there at end of input.
    func read(count: Int) throws(MediaFileError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        let got = try read(into: &result)
        if got < count { result.removeSubrange(got...) }
        return result
    }

    /// Skips `count` bytes; returns how many were skipped (fewer only at end of input).
    func skip(_ count: Int) throws(MediaFileError) -> Int {
        var skipped = 0
        while skipped < count {
            if bufferStart == bufferEnd, !(try refill()) { break }
            let chunk = min(count - skipped, bufferEnd - bufferStart)
            bufferStart += chunk
            skipped += chunk
        }
        offset += skipped
        return skipped
    }
}
