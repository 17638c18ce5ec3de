/// Parses `--size WIDTHxHEIGHT` the same way for every command: even numbers, 16...1920 wide,
/// 16...1080 high (what the VP8 encoder and the I420 planes take without padding).
enum VideoSizeOption {
    static let requirement = "--size must look like 640x360 (even numbers, 16 to 1920 wide, 16 to 1080 high)."

    static func parse(_ text: String) -> (width: Int, height: Int)? {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (16...1920).contains(parts[0]), (16...1080).contains(parts[1]),
              parts[0] % 2 == 0, parts[1] % 2 == 0 else { return nil }
        return (parts[0], parts[1])
    }
}
