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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        systemLibrary("COpenSSL", pkgConfig: "openssl", apt: "libssl-dev"),
        systemLibrary("CSRTP", pkgConfig: "libsrtp2", apt: "libsrtp2-dev"),
        systemLibrary("COpus", pkgConfig: "opus", apt: "libopus-dev"),
        systemLibrary("CVPX", pkgConfig: "vpx", apt: "libvpx-dev"),
        systemLibrary("CALSA", pkgConfig: "alsa", apt: "libasound2-dev"),
        systemLibrary("CV4L2", pkgConfig: "libv4l2", apt: "libv4l-dev"),
        systemLibrary("CNcurses", pkgConfig: "ncursesw", apt: "libncursesw5-dev"),
        .target(name: "CShims", dependencies: ["COpenSSL", "CSRTP"]),

        // Sans-IO WebRTC engines shared by client and server: time is a parameter, no sockets.
        .target(name: "RTCBase"),
        .target(name: "RTCSDP", dependencies: ["RTCBase"]),
        .target(name: "RTCICE", dependencies: ["RTCBase", "COpenSSL"]),
        .target(name: "RTCSecurity", dependencies: ["RTCBase", "COpenSSL", "CSRTP", "CShims"]),
        .target(name: "RTCMedia", dependencies: ["RTCBase"]),
        .target(name: "RTC", dependencies: ["RTCBase", "RTCSDP", "RTCICE", "RTCSecurity", "RTCMedia"]),

        // The one place that owns sockets, threads and the clock for an engine.
        .target(name: "RTCNetwork", dependencies: ["RTCBase", "CShims"]),

        // The selective forwarding unit: ICE-lite legs and RTP forwarding, sans-IO plus its driver.
        .target(name: "KaamosSFU", dependencies: ["RTC", "RTCNetwork", "RTCBase", "RTCICE", "RTCSDP", "RTCSecurity", "RTCMedia"]),

        .target(name: "MediaIO", dependencies: ["RTCBase", "COpus", "CVPX", "CALSA", "CV4L2", "CShims"]),
        .target(name: "ClientCore", dependencies: ["RTC", "RTCNetwork", "MediaIO"]),
        .executableTarget(name: "kaamos-tui", dependencies: [
            "ClientCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "RTCBaseTests", dependencies: ["RTCBase"]),
        .testTarget(name: "RTCSDPTests", dependencies: ["RTCSDP"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RTCICETests", dependencies: ["RTCICE"]),
        .testTarget(name: "RTCSecurityTests", dependencies: ["RTCSecurity"]),
        .testTarget(name: "RTCMediaTests", dependencies: ["RTCMedia"]),
        .testTarget(name: "RTCTests", dependencies: ["RTC"]),
        .testTarget(name: "RTCNetworkTests", dependencies: ["RTCNetwork"]),
        .testTarget(name: "KaamosSFUTests", dependencies: ["KaamosSFU", "RTC", "RTCBase", "RTCSDP"]),
        .testTarget(name: "MediaIOTests", dependencies: ["MediaIO"]),
        .testTarget(name: "InteropTests", dependencies: ["ClientCore", "RTC", "RTCBase", "MediaIO"], exclude: ["Peers"]),
        .testTarget(name: "ClientCoreTests", dependencies: ["ClientCore"], resources: [.copy("Fixtures")]),
        // Runs the built kaamos-tui binary (the dependency makes `swift test` build it first).
        .testTarget(name: "CLITests", dependencies: ["kaamos-tui", "MediaIO", "CShims"]),
    ],
    swiftLanguageModes: [.v6]
)
