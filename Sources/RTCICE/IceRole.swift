/// Which agent decides the pair (RFC 8445 section 2.3).
public enum IceRole: String, Sendable, Hashable {
    case controlling
    case controlled

    var opposite: IceRole { self == .controlling ? .controlled : .controlling }
}
