import Foundation
import KaamosServer
import NIOConcurrencyHelpers

/// A `MessageSink` that keeps what the hub sent, for tests without sockets.
final class RecordingSink: MessageSink {
    private let state = NIOLockedValueBox<(texts: [String], close: (CloseCode, String)?)>(([], nil))

    func send(text: String) {
        state.withLockedValue { state in
            if state.close == nil { state.texts.append(text) }
        }
    }

    func close(code: CloseCode, reason: String) {
        state.withLockedValue { state in
            if state.close == nil { state.close = (code, reason) }
        }
    }

    var texts: [String] { state.withLockedValue { $0.texts } }
    var messages: [[String: Any]] { texts.map(JSON.object) }
    var types: [String] { messages.map { $0["type"] as? String ?? "?" } }
    var closeCode: CloseCode? { state.withLockedValue { $0.close?.0 } }
    var closeReason: String? { state.withLockedValue { $0.close?.1 } }

    /// The messages of one type, in order.
    func messages(ofType type: String) -> [[String: Any]] {
        messages.filter { $0["type"] as? String == type }
    }

    func clear() {
        state.withLockedValue { $0.texts = [] }
    }
}

enum JSON {
    static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}
