/// A frame number and capture time written into the picture itself as large black and white blocks,
/// so a receiver can match decoded frames to sent ones after any codec, scaler or network.
///
/// Layout: 96 cells (4-byte frame number, 6-byte timestamp in microseconds modulo 2^48, CRC-16) in
/// three rows of 32 square cells across the top of the frame, most significant bit first. A cell is
/// `width / 40` pixels rounded down to even (16 at 640 wide, 8 at 320), so cells line up with
/// VP8's 16x16 macroblocks at common sizes and stay far coarser than its quantisation blur.
/// Frames narrower than 80 or shorter than three cells carry no barcode.
public enum FrameBarcode {
    static let columns = 32
    static let rows = 3
    static let black: UInt8 = 16
    static let white: UInt8 = 235

    struct Layout {
        var cell: Int
        var originX: Int
        var originY: Int

        init?(width: Int, height: Int) {
            let cell = (width / 40) & ~1
            guard cell >= 2, height >= FrameBarcode.rows * cell else { return nil }
            self.cell = cell
            originX = (width - FrameBarcode.columns * cell) / 2 / cell * cell
            originY = 0
        }

        func origin(ofBit bit: Int) -> (x: Int, y: Int) {
            (originX + (bit % FrameBarcode.columns) * cell, originY + (bit / FrameBarcode.columns) * cell)
        }
    }

    /// The rows the barcode covers at this frame size (0 when the frame is too small for one).
    public static func bandHeight(width: Int, height: Int) -> Int {
        Layout(width: width, height: height).map { $0.cell * rows } ?? 0
    }

    /// Paints the barcode over the top band of `frame`; a frame too small for it is left unchanged.
    public static func stamp(into frame: inout I420Frame, frameNumber: UInt32, timestampMicros: Int64) {
        guard frame.hasConsistentPlanes, let layout = Layout(width: frame.width, height: frame.height) else { return }
        let bits = payloadBits(frameNumber: frameNumber, timestampMicros: timestampMicros)
        for (bit, isSet) in bits.enumerated() {
            let (x, y) = layout.origin(ofBit: bit)
            frame.fill(PixelRect(x: x, y: y, width: layout.cell, height: layout.cell),
                       y: isSet ? white : black, u: 128, v: 128)
        }
    }

    /// Reads the barcode back; nil when the frame has none or its checksum does not match.
    public static func read(from frame: I420Frame) -> (frameNumber: UInt32, timestampMicros: Int64)? {
        guard frame.hasConsistentPlanes, let layout = Layout(width: frame.width, height: frame.height) else { return nil }
        // Only the middle half of each cell counts: its edges blur into the neighbours under a codec.
        let margin = layout.cell / 4, inner = layout.cell - 2 * margin
        var bytes = [UInt8](repeating: 0, count: 12)
        for bit in 0..<(columns * rows) {
            let (x, y) = layout.origin(ofBit: bit)
            var sum = 0
            for row in (y + margin)..<(y + margin + inner) {
                let base = row * frame.strideY + x + margin
                for column in 0..<inner { sum += Int(frame.y[base + column]) }
            }
            let mean = sum / (inner * inner)
            if mean > (Int(black) + Int(white)) / 2 { bytes[bit / 8] |= 0x80 >> UInt8(bit % 8) }
        }
        guard crc16(bytes[0..<10]) == UInt16(bytes[10]) << 8 | UInt16(bytes[11]) else { return nil }
        let number = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let micros = bytes[4..<10].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        return (number, micros)
    }

    static func payloadBits(frameNumber: UInt32, timestampMicros: Int64) -> [Bool] {
        var bytes: [UInt8] = (0..<4).map { UInt8(truncatingIfNeeded: frameNumber >> (24 - 8 * UInt32($0))) }
        bytes += (0..<6).map { UInt8(truncatingIfNeeded: timestampMicros >> (40 - 8 * Int64($0))) }
        let check = crc16(bytes[...])
        bytes += [UInt8(check >> 8), UInt8(truncatingIfNeeded: check)]
        return bytes.flatMap { byte in (0..<8).map { byte & (0x80 >> UInt8($0)) != 0 } }
    }

    /// CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF).
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? crc << 1 ^ 0x1021 : crc << 1 }
        }
        return crc
    }
}
