import COpenSSL

/// OpenSSL's per-thread error queue, read into strings for `DTLSError`.
enum OpenSSLErrorQueue {
    /// Removes and returns every queued error as OpenSSL's one-line text.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            // Keep at most a handful: a failing handshake can queue the same error repeatedly.
            if messages.count < 8, !messages.contains(text) { messages.append(text) }
        }
        return messages
    }

    /// Forgets stale errors so the next failure reports only its own causes.
    static func clear() { ERR_clear_error() }
}
