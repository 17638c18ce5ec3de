/// Figures for `kaamos-tui bench`: how long rendering takes and how many bytes a frame costs.
public enum RenderBenchmark {
    public static let columns = 160
    public static let rows = 45

    /// Median milliseconds to render one 640x360 frame of `TalkingHeadClip` into 160x45 half-block
    /// truecolor cells, over `frames` frames (at least 1).
    public static func renderMilliseconds(frames: Int) -> Double {
        let renderer = VideoRenderer()
        var durations: [Double] = []
        var checksum = 0
        let clock = ContinuousClock()
        for index in 0..<max(1, frames) {
            // Each frame is made just before it is timed: only rendering is measured, and a long
            // run does not hold every frame in memory.
            let frame = TalkingHeadClip.frame(index)
            let start = clock.now
            let grid = renderer.render(frame, columns: columns, rows: rows)
            let elapsed = clock.now - start
            checksum &+= grid.cells.count  // keeps the optimizer from dropping the render
            durations.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
        }
        durations.sort()
        return checksum > 0 ? durations[durations.count / 2] : 0
    }

    /// Mean bytes the diff writer emits per frame, after the first (full) one, for `frames` frames
    /// (at least 2) of `TalkingHeadClip` rendered as in `renderMilliseconds`, with synchronized
    /// output and the writer's default colour tolerance unless another is given.
    public static func renderBytesPerFrame(frames: Int, colorTolerance: Int = TerminalDiffWriter.defaultColorTolerance) -> Double {
        let count = max(2, frames)
        let renderer = VideoRenderer()
        var writer = TerminalDiffWriter(colorTolerance: colorTolerance)
        var total = 0
        for index in 0..<count {
            let grid = renderer.render(TalkingHeadClip.frame(index), columns: columns, rows: rows)
            let bytes = writer.frame(to: grid, screenColumns: columns, screenRows: rows)
            if index > 0 { total += bytes.count }
        }
        return Double(total) / Double(count - 1)
    }
}
