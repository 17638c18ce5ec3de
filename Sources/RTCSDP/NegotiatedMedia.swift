#if canImport(RTCBase)
import RTCBase
#endif

/// What a remote description tells the RTP layer, per mid: which payload types, which header
/// extension ids and which SSRCs belong to it, so incoming packets can be routed to transceivers.
public struct NegotiatedMedia: Hashable, Sendable {
    /// A remote RTP source declared with a=ssrc lines (RFC 5576 §4.1).
    public struct RemoteSource: Hashable, Sendable {
        public var ssrc: UInt32
        public var cname: String?
        /// From "a=ssrc:N msid:stream track", else from the m-line's a=msid.
        public var msid: MSID?

        public init(ssrc: UInt32, cname: String? = nil, msid: MSID? = nil) {
            self.ssrc = ssrc
            self.cname = cname
            self.msid = msid
        }
    }

    public struct Section: Hashable, Sendable {
        public var mid: String
        public var kind: MediaKind
        public var isRejected: Bool
        /// The remote side's direction; reverse it for ours.
        public var direction: Direction
        /// Codecs with their effective feedback (wildcard rtcp-fb folded in).
        public var codecs: [Codec]
        /// Extension URI to id.
        public var headerExtensionIDs: [String: UInt16]
        public var remoteSources: [RemoteSource]
        public var ssrcGroups: [SSRCGroup]
        public var msid: MSID?

        public var payloadTypes: [UInt8] { codecs.map(\.payloadType) }
        public var midExtensionID: UInt16? { headerExtensionIDs[HeaderExtension.midURI] }
    }

    /// The remote end of the one transport all bundled m-lines share: the parameters of the
    /// BUNDLE-tag m-line (the first mid of the group, RFC 8843), with session-level
    /// fallbacks; without BUNDLE, of the first m-line that is not rejected.
    public struct Transport: Hashable, Sendable {
        public var mid: String
        public var iceUfrag: String
        public var icePwd: String
        public var iceLite: Bool
        public var iceOptions: [String]
        public var fingerprints: [CertificateFingerprint]
        public var setup: SetupRole?
        /// Attribute texts starting "candidate:".
        public var candidates: [String]
        public var endOfCandidates: Bool
    }

    public var sections: [Section]
    public var bundleGroups: [[String]]
    /// Nil when no accepted m-line carries ICE credentials.
    public var transport: Transport?

    /// Reads every m-line that has a mid; m-lines without one cannot be routed and are skipped.
    public init(remote description: SessionDescription) {
        bundleGroups = description.bundleGroups
        transport = Self.transport(of: description)
        sections = description.media.compactMap { media in
            guard let mid = media.mid else { return nil }
            var sources: [RemoteSource] = []
            var index: [UInt32: Int] = [:]
            for attribute in media.ssrcAttributes {
                let position: Int
                if let known = index[attribute.ssrc] {
                    position = known
                } else {
                    position = sources.count
                    index[attribute.ssrc] = position
                    sources.append(RemoteSource(ssrc: attribute.ssrc, msid: media.msid))
                }
                switch attribute.name {
                case "cname": sources[position].cname = attribute.value
                case "msid": sources[position].msid = attribute.value.flatMap { MSID(sdpValue: Substring($0)) }
                default: break
                }
            }
            var extensionIDs: [String: UInt16] = [:]
            for ext in media.headerExtensions where extensionIDs[ext.uri] == nil { extensionIDs[ext.uri] = ext.id }
            return Section(mid: mid, kind: media.kind, isRejected: media.isRejected,
                           direction: description.direction(for: media),
                           codecs: media.codecs.map { codec in
                               var effective = codec
                               effective.feedback = media.effectiveFeedback(for: codec)
                               return effective
                           },
                           headerExtensionIDs: extensionIDs, remoteSources: sources,
                           ssrcGroups: media.ssrcGroups, msid: media.msid)
        }
    }

    static func transport(of description: SessionDescription) -> Transport? {
        let accepted = description.media.filter { !$0.isRejected && $0.mid != nil }
        let tag = description.bundleGroups.first.flatMap { group in
            group.lazy.compactMap { mid in accepted.first { $0.mid == mid } }.first
        } ?? accepted.first
        guard let media = tag, let mid = media.mid, let ice = description.iceCredentials(for: media) else { return nil }
        return Transport(mid: mid, iceUfrag: ice.ufrag, icePwd: ice.pwd, iceLite: description.iceLite,
                         iceOptions: description.iceOptions(for: media),
                         fingerprints: description.fingerprints(for: media), setup: description.setup(for: media),
                         candidates: media.candidates, endOfCandidates: media.endOfCandidates)
    }

    public func section(mid: String) -> Section? { sections.first { $0.mid == mid } }

    /// The mid whose m-line declares this SSRC (RFC 8843 routes by MID first, then by SSRC).
    public func mid(forSSRC ssrc: UInt32) -> String? {
        sections.first { !$0.isRejected && $0.remoteSources.contains { $0.ssrc == ssrc } }?.mid
    }

    /// The mid that alone uses this payload type among accepted m-lines, the last routing resort;
    /// nil when none or several do.
    public func mid(forPayloadType payloadType: UInt8) -> String? {
        let matching = sections.filter { !$0.isRejected && $0.payloadTypes.contains(payloadType) }
        return matching.count == 1 ? matching[0].mid : nil
    }

    /// The id of the MID header extension, when all accepted m-lines agree on one (BUNDLE wants that).
    public var midExtensionID: UInt16? {
        let ids = Set(sections.filter { !$0.isRejected }.compactMap(\.midExtensionID))
        return ids.count == 1 ? ids.first : nil
    }
}
