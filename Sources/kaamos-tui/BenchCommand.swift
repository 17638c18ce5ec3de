import ArgumentParser
import ClientCore
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Micro-benchmarks of this machine's media and crypto path (medians).")

    @Flag(help: "Print one JSON object (field names in the manual).")
    var json = false

    @Flag(help: "Fewer samples: a quick look, not figures to quote.")
    var quick = false

    func run() throws {
        let report = BenchmarkReport.measure(quick: quick) { stage in
            if !json { FileHandle.standardError.write(Data("measuring \(stage)...\n".utf8)) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
        print("""
        SRTP protect (ns/packet)      AES-CM 160 B \(format(report.srtp_protect_ns.aes_cm_160, 0))  1200 B \(format(report.srtp_protect_ns.aes_cm_1200, 0))   GCM 160 B \(format(report.srtp_protect_ns.gcm_160, 0))  1200 B \(format(report.srtp_protect_ns.gcm_1200, 0))
        SRTP unprotect (ns/packet)    AES-CM 160 B \(format(report.srtp_unprotect_ns.aes_cm_160, 0))  1200 B \(format(report.srtp_unprotect_ns.aes_cm_1200, 0))   GCM 160 B \(format(report.srtp_unprotect_ns.gcm_160, 0))  1200 B \(format(report.srtp_unprotect_ns.gcm_1200, 0))
        DTLS handshake (CPU ms)       \(format(report.dtls_handshake_ms, 2))
        connect on loopback (ms)      \(report.connect_ms.map { format($0, 2) } ?? "failed")
        VP8 640x360 encode / decode   \(format(report.vp8_encode_ms, 2)) ms / \(format(report.vp8_decode_ms, 2)) ms
        Opus 20 ms encode / decode    \(format(report.opus_encode_us)) us / \(format(report.opus_decode_us)) us
        render 640x360 -> 160x45      \(format(report.render_ms, 2)) ms, \(format(report.render_bytes, 0)) bytes/frame
        """)
    }
}
