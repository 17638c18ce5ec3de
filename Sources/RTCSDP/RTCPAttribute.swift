/// An `a=rtcp` line (RFC 3605 §2.1): "9 IN IP4 0.0.0.0". With rtcp-mux it carries nothing useful,
/// but browsers send it, so it is parsed and kept.
public struct RTCPAttribute: Hashable, Sendable {
    public var port: UInt16
    public var connection: ConnectionData?

    public init(port: UInt16 = 9, connection: ConnectionData? = ConnectionData()) {
        self.port = port
        self.connection = connection
    }

    init?(sdpValue: Substring) {
        let fields = SDPText.fields(sdpValue)
        guard fields.count == 1 || fields.count == 4, let port = SDPText.number(fields[0], as: UInt16.self)
        else { return nil }
        self.init(port: port, connection: fields.count == 4 ? ConnectionData(fields: fields[1...]) : nil)
    }

    public var sdpValue: String { connection.map { "\(port) \($0.sdpValue)" } ?? "\(port)" }
}
