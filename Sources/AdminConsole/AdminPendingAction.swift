/// A destructive action waiting for the user to confirm it.
public struct AdminPendingAction: Sendable, Equatable {
    public var effect: AdminEffect
    public var prompt: String
    /// The text to type to confirm (closing rooms); nil for a y/n question (kicking).
    public var required: String?
    public var typed = ""

    public init(effect: AdminEffect, prompt: String, required: String? = nil) {
        self.effect = effect
        self.prompt = prompt
        self.required = required
    }
}
