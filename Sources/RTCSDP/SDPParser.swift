#if canImport(RTCBase)
import RTCBase
#endif

/// Turns SDP text into a `SessionDescription`: tolerant of what browsers write (unknown
/// attributes, b= lines, several c= lines, LF-only line ends, blank lines), strict about
/// structure (RFC 8866 §5: v, o, s first; known attributes well formed).
enum SDPParser {
    /// One text line: its 1-based number, the whole line for errors, and the value after "x=".
    struct Line {
        var number: Int
        var text: Substring
        var value: Substring
    }

    /// Where a line sits in the input, in UTF-8 offsets, with its type letter.
    struct ScannedLine {
        var number: Int
        var type: UInt8
        var start: Int
        var end: Int
    }

    /// An a= line split at its first colon.
    struct RawAttribute {
        var line: Line
        var name: String
        var known: KnownAttribute?
        var value: Substring?
    }

    static func parse(_ text: String) throws(SDPError) -> SessionDescription {
        let byteCount = text.utf8.count
        guard byteCount <= SDPLimits.maximumBytes else { throw .tooLarge(byteCount: byteCount) }

        var lines: [(type: UInt8, line: Line)] = []
        for scanned in try scanLines(Substring(text)) {
            let lineText = SDPText.slice(Substring(text), scanned.start, scanned.end)
            let value = SDPText.slice(lineText, 2, scanned.end - scanned.start)
            lines.append((scanned.type, Line(number: scanned.number, text: lineText, value: value)))
        }

        // RFC 8866 §5: v=, o=, s= come first and in this order.
        guard let first = lines.first, first.type == UInt8(ascii: "v") else { throw .missingVersion }
        guard first.line.value == "0" else {
            throw .unsupportedVersion(line: first.line.number, text: SDPText.excerpt(first.line.text))
        }
        guard lines.count > 1, lines[1].type == UInt8(ascii: "o") else { throw .missingOrigin }
        guard let origin = Origin(sdpValue: lines[1].line.value) else {
            throw .badOrigin(line: lines[1].line.number, text: SDPText.excerpt(lines[1].line.text))
        }
        guard lines.count > 2, lines[2].type == UInt8(ascii: "s") else { throw .missingSessionName }

        var session = SessionDescription(origin: origin, sessionName: String(lines[2].line.value))
        session.timing = []
        var sessionAttributes: [RawAttribute] = []
        var sections: [(attributes: [RawAttribute], description: MediaDescription)] = []

        for (type, line) in lines.dropFirst(3) {
            switch UnicodeScalar(type) {
            case "m":
                guard sections.count < SDPLimits.maximumMediaSections else {
                    throw .tooManyMediaSections(line: line.number)
                }
                sections.append(([], try mediaLine(line)))
            case "c":
                guard let connection = ConnectionData(fields: SDPText.fields(line.value)[...]) else {
                    throw .badConnection(line: line.number, text: SDPText.excerpt(line.text))
                }
                if sections.isEmpty { session.connections.append(connection) } else {
                    sections[sections.count - 1].description.connections.append(connection)
                }
            case "b":
                guard let bandwidth = Bandwidth(sdpValue: line.value) else {
                    throw .badBandwidth(line: line.number, text: SDPText.excerpt(line.text))
                }
                if sections.isEmpty { session.bandwidths.append(bandwidth) } else {
                    sections[sections.count - 1].description.bandwidths.append(bandwidth)
                }
            case "a":
                let attribute = try rawAttribute(line)
                if sections.isEmpty { sessionAttributes.append(attribute) } else {
                    sections[sections.count - 1].attributes.append(attribute)
                }
            case "i", "k":
                let other = SDPLine(type: Character(UnicodeScalar(type)), value: String(line.value))
                if sections.isEmpty { session.otherLines.append(other) } else {
                    sections[sections.count - 1].description.otherLines.append(other)
                }
            case "t":
                guard sections.isEmpty else { throw .unexpectedLine(line: line.number, text: SDPText.excerpt(line.text)) }
                guard let timing = Timing(sdpValue: line.value) else {
                    throw .badTiming(line: line.number, text: SDPText.excerpt(line.text))
                }
                session.timing.append(timing)
            case "u", "e", "p", "r", "z":
                guard sections.isEmpty else { throw .unexpectedLine(line: line.number, text: SDPText.excerpt(line.text)) }
                session.otherLines.append(SDPLine(type: Character(UnicodeScalar(type)), value: String(line.value)))
            case "v", "o", "s":
                throw .unexpectedLine(line: line.number, text: SDPText.excerpt(line.text))
            default:
                throw .unknownLineType(line: line.number, text: SDPText.excerpt(line.text))
            }
        }

        try applySessionAttributes(sessionAttributes, to: &session)
        session.otherLines = SDPLine.inSerializationOrder(session.otherLines)
        for section in sections {
            var media = section.description
            media.otherLines = SDPLine.inSerializationOrder(media.otherLines)
            try applyMediaAttributes(section.attributes, to: &media)
            session.media.append(media)
        }
        return session
    }

    /// Finds the non-empty lines ("\n" or "\r\n" ends) and checks each is "x=" with x a
    /// lower-case letter and no NUL or bare CR inside, in one pass over the bytes.
    static func scanLines(_ text: Substring) throws(SDPError) -> [ScannedLine] {
        let scanned: Result<[ScannedLine], SDPError> = SDPText.withBytes(text) { bytes in
            var lines: [ScannedLine] = []
            var number = 0
            var start = 0
            while start <= bytes.count {
                number += 1
                var end = start
                var firstInvalid = Int.max
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") {
                    if firstInvalid == Int.max, bytes[end] == 0 || bytes[end] == UInt8(ascii: "\r") { firstInvalid = end }
                    end += 1
                }
                let next = end + 1
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                defer { start = next }
                if end == start { continue }
                guard end - start <= SDPLimits.maximumLineBytes else { return .failure(.lineTooLong(line: number)) }
                guard firstInvalid >= end else { return .failure(.invalidCharacter(line: number)) }
                let type = bytes[start]
                guard end - start >= 2, type >= UInt8(ascii: "a"), type <= UInt8(ascii: "z"),
                      bytes[start + 1] == UInt8(ascii: "=")
                else {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    return .failure(.malformedLine(line: number, text: SDPText.excerpt(Substring(text))))
                }
                lines.append(ScannedLine(number: number, type: type, start: start, end: end))
            }
            return .success(lines)
        }
        return try scanned.get()
    }

    /// "m=<kind> <port>[/<count>] <proto> <format> ..." (RFC 8866 §5.14).
    static func mediaLine(_ line: Line) throws(SDPError) -> MediaDescription {
        let fields = SDPText.fields(line.value)
        guard fields.count >= 4 else { throw .badMediaLine(line: line.number, text: SDPText.excerpt(line.text)) }
        var portText = fields[1]
        var portCount: UInt16?
        if let (port, count) = SDPText.split(fields[1], at: UInt8(ascii: "/")) {
            guard let parsed = SDPText.number(count, as: UInt16.self) else {
                throw .badPort(line: line.number, text: SDPText.excerpt(line.text))
            }
            portText = port
            portCount = parsed
        }
        guard let port = SDPText.number(portText, as: UInt16.self) else {
            throw .badPort(line: line.number, text: SDPText.excerpt(line.text))
        }
        var media = MediaDescription(kind: MediaKind(token: String(fields[0])), port: port,
                                     proto: String(fields[2]), formats: fields.dropFirst(3).map(String.init))
        media.portCount = portCount
        if media.isRTP {
            for format in fields.dropFirst(3) {
                guard let type = SDPText.number(format, as: UInt8.self), type <= 127 else {
                    throw .nonNumericPayloadType(line: line.number, text: SDPText.excerpt(line.text))
                }
            }
        }
        return media
    }

    static func rawAttribute(_ line: Line) throws(SDPError) -> RawAttribute {
        let name: Substring
        let value: Substring?
        if let (before, after) = SDPText.split(line.value, at: UInt8(ascii: ":")) {
            name = before
            value = after
        } else {
            name = line.value
            value = nil
        }
        guard !name.isEmpty else {
            throw .badAttribute(line: line.number, text: SDPText.excerpt(line.text), reason: "empty name")
        }
        let nameText = String(name)
        return RawAttribute(line: line, name: nameText, known: KnownAttribute.byName[nameText], value: value)
    }

    static func bad(_ attribute: RawAttribute, _ reason: String) -> SDPError {
        .badAttribute(line: attribute.line.number, text: SDPText.excerpt(attribute.line.text), reason: reason)
    }

    static func duplicate(_ attribute: RawAttribute) -> SDPError {
        .duplicateAttribute(line: attribute.line.number, text: SDPText.excerpt(attribute.line.text))
    }

    /// The trimmed, non-empty value of an attribute that needs one.
    static func requiredValue(_ attribute: RawAttribute) throws(SDPError) -> Substring {
        guard let value = attribute.value else { throw bad(attribute, "needs a value") }
        let trimmed = SDPText.trimmed(value)
        guard !trimmed.isEmpty else { throw bad(attribute, "empty value") }
        return trimmed
    }

    static func applySessionAttributes(_ attributes: [RawAttribute], to session: inout SessionDescription) throws(SDPError) {
        for attribute in attributes {
            switch (attribute.known, attribute.value == nil) {
            case (.group?, false):
                guard let group = Group(sdpValue: try requiredValue(attribute)) else { throw bad(attribute, "no semantics") }
                session.groups.append(group)
            case (.iceOptions?, false):
                session.iceOptions += SDPText.fields(try requiredValue(attribute)).map(String.init)
            case (.iceLite?, true):
                session.iceLite = true
            case (.iceUfrag?, false):
                guard session.iceUfrag == nil else { throw duplicate(attribute) }
                session.iceUfrag = String(try requiredValue(attribute))
            case (.icePwd?, false):
                guard session.icePwd == nil else { throw duplicate(attribute) }
                session.icePwd = String(try requiredValue(attribute))
            case (.fingerprint?, false):
                guard let fingerprint = CertificateFingerprint(sdpValue: String(try requiredValue(attribute))) else {
                    throw bad(attribute, "not a hash name and colon-separated hex pairs")
                }
                session.fingerprints.append(fingerprint)
            case (.setup?, false):
                guard session.setup == nil else { throw duplicate(attribute) }
                guard let role = SetupRole(rawValue: String(try requiredValue(attribute))) else {
                    throw bad(attribute, "setup must be actpass, active, passive or holdconn")
                }
                session.setup = role
            case (.extmapAllowMixed?, true):
                session.extmapAllowMixed = true
            case (.msidSemantic?, false) where session.msidSemantic == nil:
                // Further msid-semantic lines (legal per RFC 8830 §3) stay generic attributes.
                guard let semantic = MSIDSemantic(sdpValue: try requiredValue(attribute)) else {
                    throw bad(attribute, "no semantics")
                }
                session.msidSemantic = semantic
            default:
                session.attributes.append(Attribute(attribute.name, attribute.value.map(String.init)))
            }
        }
    }

    /// The payload type before the first space of an rtpmap, fmtp or rtcp-fb value, and the rest.
    static func payloadTypeAndRest(_ attribute: RawAttribute) throws(SDPError) -> (Substring, Substring) {
        let value = try requiredValue(attribute)
        guard let (type, rest) = SDPText.split(value, at: SDPText.space) else {
            throw bad(attribute, "needs a payload type and a value")
        }
        return (type, SDPText.trimmed(rest))
    }

    static func payloadType(_ text: Substring, _ attribute: RawAttribute) throws(SDPError) -> UInt8 {
        guard let type = SDPText.number(text, as: UInt8.self), type <= 127 else {
            throw .nonNumericPayloadType(line: attribute.line.number, text: SDPText.excerpt(attribute.line.text))
        }
        return type
    }

    static func applyMediaAttributes(_ attributes: [RawAttribute], to media: inout MediaDescription) throws(SDPError) {
        let isRTP = media.isRTP
        // rtpmap lines first: Firefox writes fmtp and rtcp-fb before the rtpmap they refer to.
        var rtpmaps: [UInt8: Codec] = [:]
        if isRTP {
            let listed = Set(media.payloadTypes)
            for attribute in attributes where attribute.known == .rtpmap {
                let (typeText, encoding) = try payloadTypeAndRest(attribute)
                let type = try payloadType(typeText, attribute)
                guard listed.contains(type) else {
                    throw .rtpmapForUnknownPayloadType(line: attribute.line.number, text: SDPText.excerpt(attribute.line.text))
                }
                guard rtpmaps[type] == nil else {
                    throw .duplicatePayloadType(line: attribute.line.number, text: SDPText.excerpt(attribute.line.text))
                }
                guard let codec = Codec(payloadType: type, rtpmapEncoding: encoding) else {
                    throw bad(attribute, "rtpmap must be name/clock-rate[/channels]")
                }
                rtpmaps[type] = codec
            }
            var seen = Set<UInt8>()
            for type in media.payloadTypes where seen.insert(type).inserted {
                if let codec = rtpmaps[type] ?? Codec.staticPayloadType(type) { media.codecs.append(codec) }
            }
        }
        var codecIndex: [UInt8: Int] = [:]
        for (index, codec) in media.codecs.enumerated() { codecIndex[codec.payloadType] = index }
        var extensionIDs = Set<UInt16>()

        for attribute in attributes {
            switch (attribute.known, attribute.value == nil) {
            case (.rtpmap?, false) where isRTP:
                continue
            case (.fmtp?, false) where isRTP, (.rtcpFeedback?, false) where isRTP:
                let (typeText, rest) = try payloadTypeAndRest(attribute)
                if attribute.known == .rtcpFeedback, typeText == "*" {
                    guard !rest.isEmpty else { throw bad(attribute, "no feedback type") }
                    media.feedbackForAllCodecs.append(String(rest))
                    continue
                }
                let type = try payloadType(typeText, attribute)
                // Parameters for a payload type without a codec stay as text: odd, not broken.
                guard let index = codecIndex[type] else {
                    media.attributes.append(Attribute(attribute.name, attribute.value.map(String.init)))
                    continue
                }
                if attribute.known == .fmtp {
                    media.codecs[index].parameters += FormatParameter.list(parsing: rest)
                } else {
                    guard !rest.isEmpty else { throw bad(attribute, "no feedback type") }
                    media.codecs[index].feedback.append(String(rest))
                }
            case (.mid?, false):
                guard media.mid == nil else { throw duplicate(attribute) }
                media.mid = String(try requiredValue(attribute))
            case (.sendrecv?, true), (.sendonly?, true), (.recvonly?, true), (.inactive?, true):
                guard media.direction == nil else { throw duplicate(attribute) }
                media.direction = Direction(rawValue: attribute.name)
            case (.iceUfrag?, false):
                guard media.iceUfrag == nil else { throw duplicate(attribute) }
                media.iceUfrag = String(try requiredValue(attribute))
            case (.icePwd?, false):
                guard media.icePwd == nil else { throw duplicate(attribute) }
                media.icePwd = String(try requiredValue(attribute))
            case (.iceOptions?, false):
                media.iceOptions += SDPText.fields(try requiredValue(attribute)).map(String.init)
            case (.fingerprint?, false):
                guard let fingerprint = CertificateFingerprint(sdpValue: String(try requiredValue(attribute))) else {
                    throw bad(attribute, "not a hash name and colon-separated hex pairs")
                }
                media.fingerprints.append(fingerprint)
            case (.setup?, false):
                guard media.setup == nil else { throw duplicate(attribute) }
                guard let role = SetupRole(rawValue: String(try requiredValue(attribute))) else {
                    throw bad(attribute, "setup must be actpass, active, passive or holdconn")
                }
                media.setup = role
            case (.rtcpMux?, true):
                media.rtcpMux = true
            case (.rtcpReducedSize?, true):
                media.rtcpReducedSize = true
            case (.endOfCandidates?, true):
                media.endOfCandidates = true
            case (.extmapAllowMixed?, true):
                media.extmapAllowMixed = true
            case (.rtcp?, false):
                guard media.rtcp == nil else { throw duplicate(attribute) }
                guard let rtcp = RTCPAttribute(sdpValue: try requiredValue(attribute)) else {
                    throw bad(attribute, "rtcp must be port [nettype addrtype address]")
                }
                media.rtcp = rtcp
            case (.extmap?, false):
                guard let ext = HeaderExtension(sdpValue: try requiredValue(attribute)) else {
                    throw bad(attribute, "extmap must be id[/direction] uri with id 1-255")
                }
                guard extensionIDs.insert(ext.id).inserted else { throw duplicate(attribute) }
                media.headerExtensions.append(ext)
            case (.msid?, false):
                guard let msid = MSID(sdpValue: try requiredValue(attribute)) else {
                    throw bad(attribute, "msid must be stream-id [track-id]")
                }
                media.msids.append(msid)
            case (.ssrc?, false):
                guard let ssrc = SSRCAttribute(sdpValue: try requiredValue(attribute)) else {
                    throw bad(attribute, "ssrc must be a 32-bit number and an attribute")
                }
                media.ssrcAttributes.append(ssrc)
            case (.ssrcGroup?, false):
                guard let group = SSRCGroup(sdpValue: try requiredValue(attribute)) else {
                    throw bad(attribute, "ssrc-group must be semantics and 32-bit numbers")
                }
                media.ssrcGroups.append(group)
            case (.candidate?, false):
                media.candidates.append("candidate:" + (attribute.value.map(String.init) ?? ""))
            default:
                media.attributes.append(Attribute(attribute.name, attribute.value.map(String.init)))
            }
        }
    }
}
