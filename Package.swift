// swift-tools-version: 6.0
import PackageDescription

// One .systemLibrary per C library (pkg-config, apt provider); C macros reach Swift through CShims.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Sources/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "kaamos-tui",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kaamos-tui", targets: ["kaamos-tui"]),
        .executable(name: "kaamos-server", targets: ["kaamos-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The server: HTTP and WebSocket, logging, metrics, the config file.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // TLS: the server's HTTPS/WSS listener and the clients' trust (system roots, --ca-file).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Certificates as values: self-signed generation, fingerprints, key-matches-certificate checks.
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
    ],
    targets: [
        systemLibrary("COpenSSL", pkgConfig: "openssl", apt: "libssl-dev"),
        systemLibrary("CSRTP", pkgConfig: "libsrtp2", apt: "libsrtp2-dev"),
        systemLibrary("COpus", pkgConfig: "opus", apt: "libopus-dev"),
        systemLibrary("CVPX", pkgConfig: "vpx", apt: "libvpx-dev"),
        systemLibrary("CALSA", pkgConfig: "alsa", apt: "libasound2-dev"),
        systemLibrary("CV4L2", pkgConfig: "libv4l2", apt: "libv4l-dev"),
        systemLibrary("CNcurses", pkgConfig: "ncursesw", apt: "libncursesw5-dev"),
        // CShims wraps macros of every C library, so it links them all: a program that links CShims
        // links what its object files reference.
        .target(name: "CShims", dependencies: ["COpenSSL", "CSRTP", "COpus", "CVPX", "CALSA", "CV4L2", "CNcurses"]),

        // Sans-IO WebRTC engines shared by client and server: time is a parameter, no sockets.
        .target(name: "RTCBase"),
        .target(name: "RTCSDP", dependencies: ["RTCBase"]),
        .target(name: "RTCICE", dependencies: ["RTCBase", "COpenSSL"]),
        .target(name: "RTCTURN", dependencies: ["RTCBase", "RTCICE", "COpenSSL"]),
        .target(name: "RTCSecurity", dependencies: ["RTCBase", "COpenSSL", "CSRTP", "CShims"]),
        .target(name: "RTCMedia", dependencies: ["RTCBase"]),
        .target(name: "RTC", dependencies: ["RTCBase", "RTCSDP", "RTCICE", "RTCTURN", "RTCSecurity", "RTCMedia"]),

        // The one place that owns sockets, threads and the clock for an engine.
        .target(name: "RTCNetwork", dependencies: ["RTCBase", "CShims"]),

        // The selective forwarding unit: ICE-lite legs and RTP forwarding, sans-IO plus its driver.
        .target(name: "KaamosSFU", dependencies: ["RTC", "RTCNetwork", "RTCBase", "RTCICE", "RTCSDP", "RTCSecurity", "RTCMedia", "KaamosServer",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),

        .target(name: "MediaIO", dependencies: ["RTCBase", "COpus", "CVPX", "CALSA", "CV4L2", "CShims"]),
        .target(name: "ClientCore", dependencies: [
            "RTC", "RTCNetwork", "MediaIO",
            "RTCTURN",
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "WSCore", package: "swift-websocket"),
            .product(name: "X509", package: "swift-certificates"),
        ]),
        // The call view: view model -> layout -> draw; the only code that calls curses for calls.
        .target(name: "TerminalUI", dependencies: ["ClientCore", "MediaIO", "CNcurses", "CShims"]),
        // The admin console and the scripted admin commands' output: model, layout, curses screen.
        .target(name: "AdminConsole", dependencies: ["ClientCore", "RTCNetwork", "CNcurses", "CShims", .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")]),
        .executableTarget(name: "kaamos-tui", dependencies: [
            "ClientCore",
            "TerminalUI",
            "AdminConsole",
            "KaamosSFU",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The Kaamos server: HTTP API, signaling, admin; the SFU is wired in by the executable.
        .target(name: "KaamosServer", dependencies: [
            "RTCTURN",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ], resources: [.copy("Web"), .copy("Resources/openapi.yaml")]),
        .executableTarget(name: "kaamos-server", dependencies: [
            "KaamosServer",
            "KaamosSFU",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "RTCBaseTests", dependencies: ["RTCBase"]),
        .testTarget(name: "RTCSDPTests", dependencies: ["RTCSDP"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RTCICETests", dependencies: ["RTCICE"]),
        .testTarget(name: "RTCTURNTests", dependencies: ["RTCTURN"]),
        .testTarget(name: "RTCSecurityTests", dependencies: ["RTCSecurity"]),
        .testTarget(name: "RTCMediaTests", dependencies: ["RTCMedia"]),
        .testTarget(name: "RTCTests", dependencies: ["RTC"]),
        .testTarget(name: "RTCNetworkTests", dependencies: ["RTCNetwork"]),
        .testTarget(name: "KaamosSFUTests", dependencies: ["KaamosSFU", "KaamosServer", "ClientCore", "RTC", "RTCBase", "RTCNetwork", "RTCSDP", "KaamosTestSupport"]),
        .testTarget(name: "MediaIOTests", dependencies: ["MediaIO"]),
        .testTarget(name: "InteropTests", dependencies: ["ClientCore", "RTC", "RTCBase", "MediaIO"], exclude: ["Peers"]),
        .testTarget(name: "AdminConsoleTests", dependencies: ["AdminConsole", "ClientCore"]),
        .testTarget(name: "ClientCoreTests", dependencies: [
            "ClientCore",
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "KaamosServerTests", dependencies: [
            "RTCTURN",
            "KaamosServer",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Runs the built kaamos-tui and kaamos-server (the dependencies make `swift test` build them).
        .testTarget(name: "EndToEndTests", dependencies: ["ClientCore", "KaamosTestSupport", "kaamos-tui", "kaamos-server"]),
        // Helpers the test targets share (a tmux session driven without Foundation's Process).
        .target(name: "KaamosTestSupport", path: "Tests/Support"),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "MediaIO", "KaamosTestSupport"]),
        // Runs the built kaamos-tui binary (the dependency makes `swift test` build it first).
        .testTarget(name: "CLITests", dependencies: ["kaamos-tui", "MediaIO", "CShims"]),
        // Runs the built kaamos-tui turn-check against coturn processes of its own.
        .testTarget(name: "TURNCheckTests", dependencies: ["kaamos-tui", "KaamosTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
