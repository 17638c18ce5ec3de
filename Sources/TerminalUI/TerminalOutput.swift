#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes bytes straight to a terminal file descriptor, blocking until all are taken, and reports
/// how long that blocked: the measure of whether the terminal keeps up.
struct TerminalOutput {
    let fd: Int32

    /// Writes everything (retrying on EINTR and short writes); gives up quietly on other errors,
    /// since a vanished terminal shows up as a hang-up signal anyway.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Duration {
        guard !bytes.isEmpty else { return .zero }
        let clock = ContinuousClock()
        let start = clock.now
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && (errno == EINTR || errno == EAGAIN) {
                    continue
                } else {
                    return
                }
            }
        }
        return clock.now - start
    }

    private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, pointer, count)
        #else
        Darwin.write(fd, pointer, count)
        #endif
    }
}
