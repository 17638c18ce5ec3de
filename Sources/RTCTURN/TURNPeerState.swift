import RTCBase

/// A permission the client holds or wants for one peer IP (RFC 8656 section 9).
struct TURNPermission {
    enum State: Equatable {
        /// Wanted, but there is no allocation yet to ask for it on.
        case waitingForAllocation
        /// The first CreatePermission is in flight.
        case requesting
        case installed
    }

    /// The address the CreatePermission names; the server uses only its IP.
    var peer: TransportAddress
    var state: State
    var refreshAt: Instant?
    var refreshInFlight = false
    /// Payloads sent before the permission existed, delivered once it does.
    var queued: [(peer: TransportAddress, payload: [UInt8])] = []
}

/// A channel bound, or being bound, to one peer transport address (RFC 8656 section 12).
struct TURNChannel {
    enum State: Equatable {
        case waitingForAllocation
        case requesting
        case bound
    }

    let number: UInt16
    var state: State
    var refreshAt: Instant?
    var refreshInFlight = false
}
