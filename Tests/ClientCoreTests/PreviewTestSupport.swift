import ClientCore
import Foundation
import MediaIO

/// A `PreviewScreen` on a virtual clock: waiting jumps the clock to the deadline (or to the next
/// scripted event), and every byte written goes into an in-memory terminal.
final class VirtualPreviewScreen: PreviewScreen {
    var nowMicros: Int64 = 5_000_000
    private(set) var terminal: TerminalEmulator
    private(set) var writes: [[UInt8]] = []
    /// Each frame's time, when a write happened.
    private(set) var writeTimes: [Int64] = []
    /// Screens as they looked after each write.
    private(set) var snapshots: [CellGrid] = []
    /// Events delivered when the clock reaches them, in order.
    var script: [(atMicros: Int64, event: PreviewEvent)] = []
    /// Time each write takes (a slow terminal).
    var writeCostMicros: Int64 = 0
    /// Make the n-th write (0-based) fail.
    var failingWrite: Int?

    init(columns: Int, rows: Int) {
        terminal = TerminalEmulator(columns: columns, rows: rows)
    }

    func write(_ bytes: [UInt8]) throws(PreviewError) {
        if writes.count == failingWrite { throw .output(reason: "Broken pipe") }
        writes.append(bytes)
        writeTimes.append(nowMicros)
        terminal.feed(bytes)
        snapshots.append(terminal.screen)
        nowMicros += writeCostMicros
    }

    func waitForEvent(untilMicros deadlineMicros: Int64) -> PreviewEvent {
        if let next = script.first, next.atMicros <= deadlineMicros {
            script.removeFirst()
            nowMicros = max(nowMicros, next.atMicros)
            return next.event
        }
        nowMicros = max(nowMicros, deadlineMicros)
        return .deadline
    }

    var allBytes: [UInt8] { writes.flatMap { $0 } }
}

/// A fresh directory under the system temp dir, removed when the value goes away.
final class PreviewTemporaryDirectory {
    let path = NSTemporaryDirectory() + "kaamos-preview-\(UUID().uuidString)"

    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Writes `count` frames of the test pattern at `width`x`height` and `fps` to a Y4M file.
func writePatternClip(to path: String, width: Int, height: Int, fps: Int, count: Int) throws {
    let writer = try Y4MWriter(path: path, header: Y4MHeader(width: width, height: height, frameRateNumerator: fps))
    var pattern = TestPatternSource(width: width, height: height, framesPerSecond: fps)
    for _ in 0..<count { try writer.write(pattern.nextFrame()) }
    writer.close()
}

/// Non-blank cells of a grid.
func visibleCellCount(_ grid: CellGrid, rows: Range<Int>) -> Int {
    var count = 0
    for row in rows {
        for column in 0..<grid.width where grid[column, row] != .blank { count += 1 }
    }
    return count
}

/// Cells that differ between two grids of the same size, in the given rows.
func differingCellCount(_ a: CellGrid, _ b: CellGrid, rows: Range<Int>) -> Int {
    var count = 0
    for row in rows {
        for column in 0..<a.width where a[column, row] != b[column, row] { count += 1 }
    }
    return count
}
