import RTCSDP

extension LocalCodecCapabilities {
    /// Our capabilities renumbered to match what the remote side already uses: within one BUNDLE
    /// group a payload type or extension id keeps its meaning for the life of the session (RFC 8843
    /// 9.1, RFC 8829 5.2.2), and browsers reject a later offer that remaps them. Codecs and
    /// extensions the remote side never mentioned keep their numbers unless those are taken.
    func adoptingNumbering(of remote: SessionDescription) -> LocalCodecCapabilities {
        let remoteCodecs = remote.media.flatMap(\.codecs)
        var usedPayloadTypes = Set<UInt8>()
        var extensionIDOf: [String: UInt16] = [:]
        var usedExtensionIDs = Set<UInt16>()
        for media in remote.media {
            for codec in media.codecs {
                usedPayloadTypes.insert(codec.payloadType)
            }
            for header in media.headerExtensions {
                usedExtensionIDs.insert(header.id)
                if extensionIDOf[header.uri] == nil { extensionIDOf[header.uri] = header.id }
            }
        }
        var result = self
        var assignedPayloadTypes = Set<UInt8>()
        func renumber(_ list: [CodecCapability]) -> [CodecCapability] {
            // RTX formats follow the codec they repair: the remote RTX that repairs the payload
            // type that codec adopted, and `apt` rewritten to it.
            var renumbered: [UInt8: UInt8] = [:]
            let primariesFirst = list.enumerated().sorted { ($0.element.codec.isRTX ? 1 : 0, $0.offset) < ($1.element.codec.isRTX ? 1 : 0, $1.offset) }
            var placed = [CodecCapability?](repeating: nil, count: list.count)
            for (index, original) in primariesFirst {
                var capability = original
                var adopted: UInt8?
                if capability.codec.isRTX {
                    let repaired = capability.codec.associatedPayloadType.flatMap { renumbered[$0] }
                    if let repaired {
                        capability.codec.parameters = [FormatParameter("apt", String(repaired))]
                        adopted = remoteCodecs.first { $0.isRTX && $0.associatedPayloadType == repaired }?.payloadType
                    }
                } else {
                    // The first remote payload type of this codec in a form we accept (for H.264
                    // the right profile and packetization mode, not merely the name).
                    adopted = remoteCodecs.first { capability.accepts($0) }?.payloadType
                }
                if let adopted {
                    capability.codec.payloadType = adopted
                } else if usedPayloadTypes.contains(capability.codec.payloadType)
                            || assignedPayloadTypes.contains(capability.codec.payloadType) {
                    if let free = (96...127).first(where: { !usedPayloadTypes.contains(UInt8($0)) && !assignedPayloadTypes.contains(UInt8($0)) }) {
                        capability.codec.payloadType = UInt8(free)
                    }
                }
                assignedPayloadTypes.insert(capability.codec.payloadType)
                if !capability.codec.isRTX { renumbered[original.codec.payloadType] = capability.codec.payloadType }
                placed[index] = capability
            }
            return placed.compactMap { $0 }
        }
        result.audioCodecs = renumber(audioCodecs)
        result.videoCodecs = renumber(videoCodecs)
        var assignedIDs: [String: UInt16] = [:]
        func renumber(_ list: [HeaderExtension]) -> [HeaderExtension] {
            list.map { header in
                var header = header
                if let adopted = extensionIDOf[header.uri] {
                    header.id = adopted
                } else if let earlier = assignedIDs[header.uri] {
                    header.id = earlier
                } else if usedExtensionIDs.contains(header.id) || assignedIDs.values.contains(header.id) {
                    if let free = (1...14).first(where: { !usedExtensionIDs.contains(UInt16($0)) && !assignedIDs.values.contains(UInt16($0)) }) {
                        header.id = UInt16(free)
                    }
                }
                assignedIDs[header.uri] = header.id
                return header
            }
        }
        result.audioHeaderExtensions = renumber(audioHeaderExtensions)
        result.videoHeaderExtensions = renumber(videoHeaderExtensions)
        return result
    }
}
