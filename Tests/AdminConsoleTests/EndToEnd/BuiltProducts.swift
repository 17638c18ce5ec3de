import Foundation

/// The executables `swift build` left in .build/debug; the end-to-end tests skip when they are missing
/// (build them first with `swift build --product kaamos-server` and `--product kaamos-tui`).
enum BuiltProducts {
    static let directory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/", !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent(".build/debug")
    }()

    static var server: String { directory.appendingPathComponent("kaamos-server").path }
    static var client: String { directory.appendingPathComponent("kaamos-tui").path }

    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: server) && FileManager.default.isExecutableFile(atPath: client)
    }
}
