/// Why an IVF file could not be read.
public enum IVFError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncatedHeader(available: Int)
    case notIVF
    case unsupportedHeaderLength(Int)
    case truncatedFrameHeader(index: Int, available: Int)
    case truncatedFrame(index: Int, declared: Int, available: Int)

    public var description: String {
        switch self {
        case let .truncatedHeader(available): "IVF file is too short for its 32-byte header (\(available) bytes)."
        case .notIVF: "File does not start with the IVF signature DKIF."
        case let .unsupportedHeaderLength(length): "IVF header length \(length) is not the 32 bytes this reader knows."
        case let .truncatedFrameHeader(index, available):
            "IVF frame \(index) is cut off in its 12-byte header (\(available) bytes left)."
        case let .truncatedFrame(index, declared, available):
            "IVF frame \(index) declares \(declared) bytes but only \(available) remain."
        }
    }
}

/// The 32-byte header of an IVF file (the simple VP8/VP9 container from libvpx): little-endian fields.
public struct IVFHeader: Equatable, Sendable {
    /// Codec four-character code, "VP80" for VP8.
    public var fourCC: String
    public var width: Int
    public var height: Int
    /// Frame timestamps count in units of `timebaseNumerator / timebaseDenominator` seconds.
    public var timebaseDenominator: UInt32
    public var timebaseNumerator: UInt32
    /// As written by the producer; readers should not trust it over the data.
    public var frameCount: UInt32

    public static let length = 32

    public init(fourCC: String = "VP80", width: Int, height: Int, timebaseDenominator: UInt32, timebaseNumerator: UInt32,
                frameCount: UInt32) {
        self.fourCC = fourCC
        self.width = width
        self.height = height
        self.timebaseDenominator = timebaseDenominator
        self.timebaseNumerator = timebaseNumerator
        self.frameCount = frameCount
    }

    public init(parsing bytes: ArraySlice<UInt8>) throws(IVFError) {
        guard bytes.count >= Self.length else { throw .truncatedHeader(available: bytes.count) }
        let base = bytes.startIndex
        guard Array(bytes[base..<base + 4]) == Array("DKIF".utf8) else { throw .notIVF }
        let headerLength = Int(readLE16(bytes, base + 6))
        guard headerLength == Self.length else { throw .unsupportedHeaderLength(headerLength) }
        fourCC = String(decoding: bytes[base + 8..<base + 12], as: UTF8.self)
        width = Int(readLE16(bytes, base + 12))
        height = Int(readLE16(bytes, base + 14))
        timebaseDenominator = readLE32(bytes, base + 16)
        timebaseNumerator = readLE32(bytes, base + 20)
        frameCount = readLE32(bytes, base + 24)
    }

    public func serialized() -> [UInt8] {
        var out = Array("DKIF".utf8) + le16(0) + le16(UInt16(Self.length))
        out += Array((fourCC + "    ").utf8.prefix(4))
        out += le16(UInt16(truncatingIfNeeded: width)) + le16(UInt16(truncatingIfNeeded: height))
        out += le32(timebaseDenominator) + le32(timebaseNumerator) + le32(frameCount) + le32(0)
        return out
    }
}

/// One frame in an IVF file: a 12-byte header (size, 64-bit timestamp) and the codec data.
public struct IVFFrame: Equatable, Sendable {
    public var timestamp: UInt64
    public var bytes: [UInt8]

    public init(timestamp: UInt64, bytes: [UInt8]) {
        self.timestamp = timestamp
        self.bytes = bytes
    }

    public func serialized() -> [UInt8] {
        le32(UInt32(bytes.count)) + le32(UInt32(truncatingIfNeeded: timestamp)) + le32(UInt32(truncatingIfNeeded: timestamp >> 32)) + bytes
    }
}

/// Reads an IVF file frame by frame from memory, throwing on truncation instead of returning half a frame.
public struct IVFReader: Sendable {
    public let header: IVFHeader
    private let data: [UInt8]
    private var offset = IVFHeader.length
    private var index = 0

    public init(bytes: [UInt8]) throws(IVFError) {
        header = try IVFHeader(parsing: bytes[...])
        data = bytes
    }

    /// The next frame; nil at the clean end of the file.
    public mutating func nextFrame() throws(IVFError) -> IVFFrame? {
        let available = data.count - offset
        guard available > 0 else { return nil }
        guard available >= 12 else { throw .truncatedFrameHeader(index: index, available: available) }
        let size = Int(readLE32(data[...], offset))
        let timestamp = UInt64(readLE32(data[...], offset + 4)) | UInt64(readLE32(data[...], offset + 8)) << 32
        guard size <= available - 12 else { throw .truncatedFrame(index: index, declared: size, available: available - 12) }
        let frame = IVFFrame(timestamp: timestamp, bytes: Array(data[offset + 12..<offset + 12 + size]))
        offset += 12 + size
        index += 1
        return frame
    }

    /// Every frame in the file.
    public static func frames(in bytes: [UInt8]) throws(IVFError) -> (header: IVFHeader, frames: [IVFFrame]) {
        var reader = try IVFReader(bytes: bytes)
        var frames: [IVFFrame] = []
        while let frame = try reader.nextFrame() { frames.append(frame) }
        return (reader.header, frames)
    }
}

private func readLE16(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
private func readLE32(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
}
private func le16(_ value: UInt16) -> [UInt8] { [UInt8(truncatingIfNeeded: value), UInt8(value >> 8)] }
private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }
