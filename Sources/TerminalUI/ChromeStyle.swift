/// The looks of chrome cells; `CallScreen` maps each to a curses colour pair and attributes, tests
/// read them from the canvas.
public enum ChromeStyle: Sendable, Equatable, Hashable, CaseIterable {
    case normal
    case dim
    case title
    case border
    case speakingBorder
    case good
    case bad
    case warning
    case statusBar
    case statusGood
    case statusBad
    case overlay
    case overlayTitle
    case input
}
