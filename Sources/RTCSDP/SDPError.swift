/// Why a session description could not be parsed or answered.
///
/// Line numbers count from 1; `text` is the offending line, cut to 80 characters so a hostile
/// input cannot make an error message huge.
public enum SDPError: Error, Hashable, Sendable, CustomStringConvertible {
    case tooLarge(byteCount: Int)
    case lineTooLong(line: Int)
    case tooManyMediaSections(line: Int)
    case invalidCharacter(line: Int)
    case malformedLine(line: Int, text: String)
    case unknownLineType(line: Int, text: String)
    case missingVersion
    case unsupportedVersion(line: Int, text: String)
    case missingOrigin
    case badOrigin(line: Int, text: String)
    case missingSessionName
    case unexpectedLine(line: Int, text: String)
    case badConnection(line: Int, text: String)
    case badBandwidth(line: Int, text: String)
    case badTiming(line: Int, text: String)
    case badMediaLine(line: Int, text: String)
    case badPort(line: Int, text: String)
    case nonNumericPayloadType(line: Int, text: String)
    case rtpmapForUnknownPayloadType(line: Int, text: String)
    case duplicatePayloadType(line: Int, text: String)
    case badAttribute(line: Int, text: String, reason: String)
    case duplicateAttribute(line: Int, text: String)
    /// Negotiation: unified plan (RFC 8829 §5.2.1) needs a mid on every m-line.
    case missingMid(mediaIndex: Int)
    case duplicateMid(String)
    case missingICECredentials(mid: String)
    case missingFingerprint(mid: String)

    public var description: String {
        switch self {
        case let .tooLarge(count):
            return "The session description is \(count) bytes, more than the \(SDPLimits.maximumBytes) allowed."
        case let .lineTooLong(line):
            return "Line \(line) is longer than \(SDPLimits.maximumLineBytes) bytes."
        case let .tooManyMediaSections(line):
            return "Line \(line) starts more than \(SDPLimits.maximumMediaSections) media sections."
        case let .invalidCharacter(line):
            return "Line \(line) contains a NUL or a bare carriage return."
        case let .malformedLine(line, text):
            return "Line \(line) is not of the form x=value: \"\(text)\"."
        case let .unknownLineType(line, text):
            return "Line \(line) has a type letter SDP does not define: \"\(text)\"."
        case .missingVersion:
            return "The session description does not start with v=0."
        case let .unsupportedVersion(line, text):
            return "Line \(line) declares an SDP version other than 0: \"\(text)\"."
        case .missingOrigin:
            return "The session description has no o= line after v=."
        case let .badOrigin(line, text):
            return "Line \(line) is not a valid origin (o=user id version IN IP4 addr): \"\(text)\"."
        case .missingSessionName:
            return "The session description has no s= line after o=."
        case let .unexpectedLine(line, text):
            return "Line \(line) is not allowed at this place: \"\(text)\"."
        case let .badConnection(line, text):
            return "Line \(line) is not valid connection data (nettype addrtype address): \"\(text)\"."
        case let .badBandwidth(line, text):
            return "Line \(line) is not a valid bandwidth (type:number): \"\(text)\"."
        case let .badTiming(line, text):
            return "Line \(line) is not a valid timing line (t=start stop): \"\(text)\"."
        case let .badMediaLine(line, text):
            return "Line \(line) is not a valid m= line (m=kind port proto formats): \"\(text)\"."
        case let .badPort(line, text):
            return "Line \(line) has a port that is not a number from 0 to 65535: \"\(text)\"."
        case let .nonNumericPayloadType(line, text):
            return "Line \(line) has an RTP payload type that is not a number from 0 to 127: \"\(text)\"."
        case let .rtpmapForUnknownPayloadType(line, text):
            return "Line \(line) maps a payload type that its m= line does not list: \"\(text)\"."
        case let .duplicatePayloadType(line, text):
            return "Line \(line) maps a payload type that is already mapped: \"\(text)\"."
        case let .badAttribute(line, text, reason):
            return "Line \(line) is a malformed attribute (\(reason)): \"\(text)\"."
        case let .duplicateAttribute(line, text):
            return "Line \(line) repeats an attribute that may appear only once: \"\(text)\"."
        case let .missingMid(index):
            return "Media section \(index) has no a=mid, which unified plan requires."
        case let .duplicateMid(mid):
            return "More than one media section uses mid \"\(mid)\"."
        case let .missingICECredentials(mid):
            return "Media section \"\(mid)\" has no ice-ufrag and ice-pwd, neither has the session."
        case let .missingFingerprint(mid):
            return "Media section \"\(mid)\" has no DTLS fingerprint, neither has the session."
        }
    }
}

/// Bounds that keep a hostile description from costing unbounded memory or time.
public enum SDPLimits {
    public static let maximumBytes = 256 * 1024
    public static let maximumLineBytes = 8 * 1024
    public static let maximumMediaSections = 64
}
