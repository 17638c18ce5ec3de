import KaamosWire
import RTC
import RTCBase
import RTCNetwork
import RTCTURN

/// The STUN and TURN servers of a `joined` message a call can use, resolved, and why the others
/// were left out. `stun:` servers give server-reflexive candidates. `turn:` URLs are reached over
/// UDP from the call's media sockets, or over TCP with `?transport=tcp`; `turns:` URLs over TLS,
/// checked against the host name the URL gives. (`stuns:` has no use in ICE and is skipped.)
struct IceServerResolution {
    private(set) var endpoints: [RelayServerEndpoint] = []
    private(set) var stunServers: [TransportAddress] = []
    private(set) var problems: [String] = []

    var servers: [RelayServer] { endpoints.map(\.server) }

    init(_ iceServers: [ICEServer]) {
        for entry in iceServers {
            for text in entry.urls {
                let url: IceServerURL
                do {
                    url = try IceServerURL(parsing: text)
                } catch {
                    problems.append(error.description)
                    continue
                }
                guard url.scheme.isTURN else {
                    if url.scheme == .stun { resolveSTUN(url, text: text) }
                    continue
                }
                guard let transport = TURNTransport(rawValue: url.transport.rawValue) else {
                    problems.append("\(text): no TURN transport \(url.transport.rawValue)")
                    continue
                }
                guard let username = entry.username, let password = entry.credential else {
                    problems.append("\(text) comes without a username and credential")
                    continue
                }
                do {
                    for address in try HostResolver.resolve(url.host, port: url.port) {
                        let server = RelayServer(address: address, transport: transport, username: username, password: password)
                        if !endpoints.contains(where: { $0.server == server }) {
                            endpoints.append(RelayServerEndpoint(server: server, host: url.host))
                        }
                    }
                } catch {
                    problems.append("\(text): \(error)")
                }
            }
        }
    }

    private mutating func resolveSTUN(_ url: IceServerURL, text: String) {
        do {
            for address in try HostResolver.resolve(url.host, port: url.port) where !stunServers.contains(address) {
                stunServers.append(address)
            }
        } catch {
            problems.append("\(text): \(error)")
        }
    }
}
