/// The delay-based detector's reading of the bottleneck queue (draft-ietf-rmcat-gcc-02 5.4):
/// growing (overusing), steady, or draining (underusing).
public enum BandwidthUsage: Equatable, Sendable {
    case normal
    case overusing
    case underusing
}
