#if canImport(Glibc)
import Glibc
#endif

/// A file being written: owns the descriptor, writes completely or throws, can patch earlier bytes.
final class MediaFileOutput {
    let name: String
    private(set) var offset = 0
    private var descriptor: Int32

    init(path: String) throws(MediaFileError) {
        name = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw MediaFileError(file: path, offset: nil, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close() }

    var isOpen: Bool { descriptor >= 0 }

    func write(_ bytes: UnsafeRawBufferPointer) throws(MediaFileError) {
        guard descriptor >= 0 else { throw MediaFileError(file: name, offset: offset, reason: "write after close") }
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw MediaFileError(file: name, offset: offset + written,
                                     reason: "write failed: \(String(cString: strerror(errno)))")
            }
            written += result
        }
        offset += written
    }

    func write(_ bytes: [UInt8]) throws(MediaFileError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(MediaFileError) in try write(raw) } }.get()
    }

    /// Overwrites bytes at an earlier position without moving the write offset (for sizes known at the end).
    func patch(_ bytes: [UInt8], at position: Int) throws(MediaFileError) {
        guard descriptor >= 0 else { throw MediaFileError(file: name, offset: position, reason: "patch after close") }
        let result = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(position)) }
        guard result == bytes.count else {
            throw MediaFileError(file: name, offset: position, reason: "write failed: \(String(cString: strerror(errno)))")
        }
    }

    func close() {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
    }
}
