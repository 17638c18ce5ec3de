import ClientCore

/// An API error as the one sentence the admin commands and the console's status line show.
public enum AdminErrorMessage {
    public static func sentence(_ error: APIError) -> String {
        switch error {
        case let .notFound(message):
            return ending(message.isEmpty ? "Not found." : message)
        case .unauthorized:
            return "The server refused the admin token (401): give the right one with --admin-token, KAAMOS_ADMIN_TOKEN or admin_token in the config file."
        default:
            return ending(error.description)
        }
    }

    /// One period at the end, not two.
    static func ending(_ text: String) -> String {
        var text = text
        while text.hasSuffix("..") { text.removeLast() }
        if let last = text.last, !".!?".contains(last) { text += "." }
        return text
    }
}
