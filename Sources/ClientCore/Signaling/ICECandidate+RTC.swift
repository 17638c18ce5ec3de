import KaamosWire
import RTC

// The peer connection's candidate type and the wire's carry the same three fields; the client
// converts at the signaling edge so that RTC knows nothing of the Kaamos protocol.
extension IceCandidateInit {
    public init(_ wire: ICECandidate) {
        self.init(candidate: wire.candidate, sdpMid: wire.sdpMid, sdpMLineIndex: wire.sdpMLineIndex)
    }
}

extension ICECandidate {
    public init(_ candidate: IceCandidateInit) {
        self.init(candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex)
    }
}
