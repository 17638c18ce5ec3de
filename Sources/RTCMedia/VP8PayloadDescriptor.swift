// The fuzz build (scripts/fuzz.sh) compiles RTCBase into the same module.
#if canImport(RTCBase)
import RTCBase
#endif

/// The VP8 payload descriptor that starts every VP8 RTP payload (RFC 7741 4.2).
///
/// ```
///   X R N S R PID        required byte
///   I L T K RSV          present when X
///   M PictureID(7|15)    present when I
///   TL0PICIDX            present when L
///   TID Y KEYIDX         present when T or K
/// ```
public struct VP8PayloadDescriptor: Equatable, Sendable {
    /// N: the frame can be discarded without affecting any other frame.
    public var isNonReference: Bool
    /// S: this packet starts a VP8 partition.
    public var isStartOfPartition: Bool
    /// PID: partition index, 0...7 (serialization keeps the low 3 bits).
    public var partitionIndex: UInt8
    /// 7-bit (M = 0) or 15-bit (M = 1) picture ID; serialization masks it to that width.
    public var pictureID: UInt16?
    /// M: the picture ID uses the 15-bit form.
    public var hasLongPictureID: Bool
    /// TL0PICIDX: running index of base-layer frames.
    public var tl0PictureIndex: UInt8?
    /// TID: temporal layer index, 0...3.
    public var temporalLayer: UInt8?
    /// Y: layer sync bit; only meaningful with `temporalLayer`.
    public var isLayerSync: Bool
    /// KEYIDX: key frame index, 0...31.
    public var keyIndex: UInt8?

    public init(
        isNonReference: Bool = false, isStartOfPartition: Bool, partitionIndex: UInt8 = 0,
        pictureID: UInt16? = nil, hasLongPictureID: Bool = true, tl0PictureIndex: UInt8? = nil,
        temporalLayer: UInt8? = nil, isLayerSync: Bool = false, keyIndex: UInt8? = nil
    ) {
        self.isNonReference = isNonReference
        self.isStartOfPartition = isStartOfPartition
        self.partitionIndex = partitionIndex
        self.pictureID = pictureID
        self.hasLongPictureID = hasLongPictureID
        self.tl0PictureIndex = tl0PictureIndex
        self.temporalLayer = temporalLayer
        self.isLayerSync = isLayerSync
        self.keyIndex = keyIndex
    }

    /// True for the packet that starts a frame: S set and partition 0 (RFC 7741 4.4).
    public var isStartOfFrame: Bool { isStartOfPartition && partitionIndex == 0 }

    public init(bytes: [UInt8]) throws(ParseError) {
        (self, _) = try Self.parse(bytes[...])
    }

    /// Parses the descriptor at the start of an RTP payload; also returns its size, so
    /// `payload.dropFirst(size)` is the VP8 data.
    public static func parse(_ payload: ArraySlice<UInt8>) throws(ParseError) -> (descriptor: VP8PayloadDescriptor, size: Int) {
        var index = payload.startIndex
        let end = payload.endIndex
        guard index < end else { throw ParseError("VP8 payload is empty, with no payload descriptor") }
        let first = payload[index]
        index += 1
        var descriptor = VP8PayloadDescriptor(
            isNonReference: first & 0x20 != 0, isStartOfPartition: first & 0x10 != 0,
            partitionIndex: first & 0x07, hasLongPictureID: false)
        guard first & 0x80 != 0 else { return (descriptor, 1) }

        guard index < end else { throw ParseError("VP8 payload descriptor ends before its extension byte") }
        let flags = payload[index]
        index += 1
        if flags & 0x80 != 0 {
            guard index < end else { throw ParseError("VP8 payload descriptor ends before its picture ID") }
            let high = payload[index]
            index += 1
            if high & 0x80 != 0 {
                guard index < end else { throw ParseError("VP8 payload descriptor ends inside its 15-bit picture ID") }
                descriptor.pictureID = UInt16(high & 0x7f) << 8 | UInt16(payload[index])
                descriptor.hasLongPictureID = true
                index += 1
            } else {
                descriptor.pictureID = UInt16(high)
            }
        }
        if flags & 0x40 != 0 {
            guard index < end else { throw ParseError("VP8 payload descriptor ends before its TL0PICIDX") }
            descriptor.tl0PictureIndex = payload[index]
            index += 1
        }
        let hasTID = flags & 0x20 != 0
        let hasKeyIndex = flags & 0x10 != 0
        if hasTID || hasKeyIndex {
            guard index < end else { throw ParseError("VP8 payload descriptor ends before its TID/KEYIDX byte") }
            let byte = payload[index]
            index += 1
            if hasTID {
                descriptor.temporalLayer = byte >> 6
                descriptor.isLayerSync = byte & 0x20 != 0
            }
            if hasKeyIndex { descriptor.keyIndex = byte & 0x1f }
        }
        return (descriptor, index - payload.startIndex)
    }

    private var hasExtension: Bool {
        pictureID != nil || tl0PictureIndex != nil || temporalLayer != nil || keyIndex != nil
    }

    /// Bytes `write(to:)` appends.
    public var size: Int {
        guard hasExtension else { return 1 }
        var size = 2
        if pictureID != nil { size += hasLongPictureID ? 2 : 1 }
        if tl0PictureIndex != nil { size += 1 }
        if temporalLayer != nil || keyIndex != nil { size += 1 }
        return size
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size)
        write(to: &out)
        return out
    }

    public func write(to out: inout [UInt8]) {
        let extended = hasExtension
        out.append((extended ? 0x80 : 0) | (isNonReference ? 0x20 : 0) | (isStartOfPartition ? 0x10 : 0) | partitionIndex & 0x07)
        guard extended else { return }
        out.append((pictureID != nil ? 0x80 : 0) | (tl0PictureIndex != nil ? 0x40 : 0)
            | (temporalLayer != nil ? 0x20 : 0) | (keyIndex != nil ? 0x10 : 0))
        if let pictureID {
            if hasLongPictureID {
                out.append(0x80 | UInt8(truncatingIfNeeded: pictureID >> 8) & 0x7f)
                out.append(UInt8(truncatingIfNeeded: pictureID))
            } else {
                out.append(UInt8(truncatingIfNeeded: pictureID) & 0x7f)
            }
        }
        if let tl0PictureIndex { out.append(tl0PictureIndex) }
        if temporalLayer != nil || keyIndex != nil {
            let tid = (temporalLayer ?? 0) & 0x03
            out.append(tid << 6 | (temporalLayer != nil && isLayerSync ? 0x20 : 0) | (keyIndex ?? 0) & 0x1f)
        }
    }
}
