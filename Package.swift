// swift-tools-version: 6.0
import PackageDescription

// One .systemLibrary per C library (pkg-config, apt provider); C macros and variadic calls reach
// Swift through one shim target per library, so a program links only the libraries it uses.
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
        systemLibrary("COpenH264", pkgConfig: "openh264", apt: "libopenh264-dev"),
        systemLibrary("CALSA", pkgConfig: "alsa", apt: "libasound2-dev"),
        systemLibrary("CV4L2", pkgConfig: "libv4l2", apt: "libv4l-dev"),
        systemLibrary("CNcurses", pkgConfig: "ncursesw", apt: "libncursesw5-dev"),
        // The shims: libc only (sockets, terminal size, thread names), then one per C library.
        .target(name: "CSystemShims"),
        .target(name: "COpenSSLShims", dependencies: ["COpenSSL"]),
        .target(name: "CCodecShims", dependencies: ["COpus", "CVPX", "COpenH264"]),
        .target(name: "CDeviceShims", dependencies: ["CALSA", "CV4L2"]),
        .target(name: "CCursesShims", dependencies: ["CNcurses"]),

        // Sans-IO WebRTC engines shared by client and server: time is a parameter, no sockets.
        .target(name: "RTCBase"),
        // SDP offers and answers; codec fmtp semantics (H.264 profiles) come from RTCMedia.
        .target(name: "RTCSDP", dependencies: ["RTCBase", "RTCMedia"]),
        // STUN messages (RFC 8489): what ICE and TURN both speak.
        .target(name: "RTCSTUN", dependencies: ["RTCBase", "COpenSSL"]),
        .target(name: "RTCICE", dependencies: ["RTCBase", "RTCSTUN"]),
        .target(name: "RTCTURN", dependencies: ["RTCBase", "RTCSTUN", "COpenSSL"]),
        .target(name: "RTCSecurity", dependencies: ["RTCBase", "COpenSSL", "CSRTP", "COpenSSLShims"]),
        .target(name: "RTCMedia", dependencies: ["RTCBase"]),
        // Congestion control: the send-side estimate from transport-wide feedback, and the pacer.
        .target(name: "RTCCongestion", dependencies: ["RTCBase", "RTCMedia"]),
        .target(name: "RTC", dependencies: ["RTCBase", "RTCSDP", "RTCSTUN", "RTCICE", "RTCTURN", "RTCSecurity", "RTCMedia", "RTCCongestion"]),
        // A bad network in-process, sans-IO: rate, drop-tail queue, delay, jitter, loss around any engine.
        .target(name: "LinkEmulation", dependencies: ["RTCBase"]),

        // The one place that owns sockets, threads and the clock for an engine.
        .target(name: "RTCNetwork", dependencies: ["RTCBase", "CSystemShims", "COpenSSLShims"]),

        // The terminal itself, for every screen (preview, call view, admin console): curses or raw
        // mode started and put back, the alternate screen, signals as flags, restore on a crash.
        .target(name: "TerminalSession", dependencies: ["CCursesShims", "CSystemShims"]),

        // The wire contract of ../shared/PROTOCOL.md that client and server share: signaling
        // messages, error codes, ICE servers and candidates, participant statistics.
        .target(name: "KaamosWire", dependencies: ["RTCBase"]),

        // The selective forwarding unit: ICE-lite legs and RTP forwarding, sans-IO plus its driver.
        // It knows nothing of HTTP: the server reaches it through KaamosNode.
        .target(name: "KaamosSFU", dependencies: ["RTC", "RTCNetwork", "RTCBase", "RTCSTUN", "RTCICE", "RTCSDP", "RTCSecurity", "RTCMedia", "KaamosWire"]),

        .target(name: "MediaIO", dependencies: ["RTCBase", "COpus", "CVPX", "COpenH264", "CALSA", "CV4L2", "CCodecShims", "CDeviceShims", "CSystemShims"]),
        .target(name: "ClientCore", dependencies: [
            "RTC", "RTCNetwork", "RTCMedia", "MediaIO", "KaamosWire", "TerminalSession",
            "RTCTURN", "LinkEmulation",
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
        .target(name: "TerminalUI", dependencies: ["ClientCore", "KaamosWire", "RTC", "RTCBase", "RTCMedia", "MediaIO", "TerminalSession", "CNcurses", "CCursesShims"]),
        // The admin console and the scripted admin commands' output: model, layout, curses screen.
        .target(name: "AdminConsole", dependencies: ["ClientCore", "KaamosWire", "RTCNetwork", "TerminalSession", "CNcurses", "CCursesShims", .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")]),
        .executableTarget(name: "kaamos-tui", dependencies: [
            "ClientCore",
            "LinkEmulation",
            "RTCMedia",
            "TerminalUI",
            "AdminConsole",
            "KaamosNode",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The Kaamos server: HTTP API, signaling, admin; the SFU is wired in by KaamosNode.
        .target(name: "KaamosServer", dependencies: [
            "RTCTURN", "KaamosWire", "RTCBase",
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
        // The server and the SFU composed: the media router the room hub drives, and the whole
        // server in one process (`kaamos-tui demo`, the end-to-end tests).
        .target(name: "KaamosNode", dependencies: [
            "KaamosServer", "KaamosSFU", "KaamosWire", "RTC", "RTCBase",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .executableTarget(name: "kaamos-server", dependencies: [
            "KaamosServer",
            "KaamosNode",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "RTCBaseTests", dependencies: ["RTCBase"]),
        .testTarget(name: "LinkEmulationTests", dependencies: ["LinkEmulation", "RTCBase"]),
        .testTarget(name: "RTCSDPTests", dependencies: ["RTCSDP", "RTCMedia"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RTCSTUNTests", dependencies: ["RTCSTUN"]),
        .testTarget(name: "RTCICETests", dependencies: ["RTCICE", "RTCSTUN", "RTCBase", "KaamosTestSupport"]),
        .testTarget(name: "RTCTURNTests", dependencies: ["RTCTURN", "RTCSTUN"]),
        .testTarget(name: "RTCSecurityTests", dependencies: ["RTCSecurity"]),
        .testTarget(name: "RTCMediaTests", dependencies: ["RTCMedia"]),
        .testTarget(name: "RTCCongestionTests", dependencies: ["RTCCongestion", "RTCMedia", "RTCBase", "LinkEmulation"]),
        .testTarget(name: "RTCTests", dependencies: ["RTC", "RTCBase", "RTCCongestion", "LinkEmulation", "KaamosTestSupport"]),
        .testTarget(name: "RTCNetworkTests", dependencies: ["RTCNetwork", "KaamosTestSupport"]),
        .testTarget(name: "KaamosSFUTests", dependencies: ["KaamosSFU", "KaamosNode", "KaamosServer", "KaamosWire", "ClientCore", "RTC", "RTCBase", "RTCNetwork", "RTCSDP", "RTCMedia", "KaamosTestSupport"]),
        // RTCMedia for the H.264 round trips: encode, packetize, assemble, decode.
        .testTarget(name: "MediaIOTests", dependencies: ["MediaIO", "CSystemShims", "KaamosTestSupport", "RTCMedia"]),
        .testTarget(name: "KaamosWireTests", dependencies: ["KaamosWire", "RTCBase"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InteropTests", dependencies: ["ClientCore", "RTC", "RTCBase", "MediaIO", "KaamosTestSupport"], exclude: ["Peers"]),
        .testTarget(name: "AdminConsoleTests", dependencies: ["AdminConsole", "ClientCore", "KaamosWire", "KaamosTestSupport"]),
        .testTarget(name: "ClientCoreTests", dependencies: [
            "ClientCore",
            "KaamosTestSupport",
            "KaamosWire",
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "KaamosServerTests", dependencies: [
            "KaamosTestSupport",
            "RTCTURN",
            "KaamosServer",
            "KaamosWire",
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
        // Helpers the test targets share: the simulated network every sans-IO engine test runs on,
        // a tmux session, child processes, coturn.
        .target(name: "KaamosTestSupport", dependencies: ["RTCBase", "RTCSTUN", "LinkEmulation"], path: "Tests/Support"),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "MediaIO", "KaamosTestSupport"]),
        // Runs the built kaamos-tui binary (the dependency makes `swift test` build it first).
        .testTarget(name: "CLITests", dependencies: ["kaamos-tui", "MediaIO", "CSystemShims", "KaamosTestSupport"]),
        // Runs the built kaamos-tui turn-check against coturn processes of its own.
        .testTarget(name: "TURNCheckTests", dependencies: ["kaamos-tui", "KaamosTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
