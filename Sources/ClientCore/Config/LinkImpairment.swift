import LinkEmulation

/// The emulated links `probe` and `load` put on their own media path: `--link` for both
/// directions, `--uplink` (what this client sends) and `--downlink` (what it receives) for one,
/// replacing `--link` there. A spec that impairs nothing (`unlimited`) leaves that direction alone.
public struct LinkImpairment: Sendable, Equatable {
    public var uplink: LinkProfile?
    public var downlink: LinkProfile?

    /// A spec that did not parse, with the option it came from.
    public struct OptionError: Error, Sendable, Equatable, CustomStringConvertible {
        public var option: String
        public var problem: LinkProfile.ParseError

        public var description: String { "\(option): \(problem)" }
    }

    public init(uplink: LinkProfile? = nil, downlink: LinkProfile? = nil) {
        self.uplink = uplink
        self.downlink = downlink
    }

    public init(link: String?, uplink: String?, downlink: String?) throws(OptionError) {
        func parse(_ spec: String?, _ option: String) throws(OptionError) -> LinkProfile? {
            guard let spec else { return nil }
            do {
                let profile = try LinkProfile(parsing: spec)
                return profile.impairs ? profile : nil
            } catch {
                throw OptionError(option: option, problem: error)
            }
        }
        let both = try parse(link, "--link")
        self.uplink = uplink == nil ? both : try parse(uplink, "--uplink")
        self.downlink = downlink == nil ? both : try parse(downlink, "--downlink")
    }

    /// Whether either direction is impaired.
    public var isActive: Bool { uplink != nil || downlink != nil }
}
