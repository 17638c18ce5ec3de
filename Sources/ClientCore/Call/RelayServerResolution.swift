import RTC
import RTCBase
import RTCNetwork

/// The TURN servers of a `joined` message a call can use, resolved, and why the others were left out.
/// A call reaches TURN over UDP from its media sockets; `turn:…?transport=tcp` and `turns:` servers
/// are skipped with a reason (`kaamos-tui turn-check` tests them).
struct RelayServerResolution {
    private(set) var servers: [RelayServer] = []
    private(set) var problems: [String] = []

    init(_ iceServers: [IceServerInfo]) {
        for entry in iceServers {
            for text in entry.urls {
                let url: IceServerURL
                do {
                    url = try IceServerURL(parsing: text)
                } catch {
                    problems.append(error.description)
                    continue
                }
                guard url.scheme.isTURN else { continue }
                guard url.transport == .udp else {
                    problems.append("\(text): calls reach TURN servers over UDP only")
                    continue
                }
                guard let username = entry.username, let password = entry.credential else {
                    problems.append("\(text) comes without a username and credential")
                    continue
                }
                do {
                    for address in try HostResolver.resolve(url.host, port: url.port) {
                        let server = RelayServer(address: address, username: username, password: password)
                        if !servers.contains(server) { servers.append(server) }
                    }
                } catch {
                    problems.append("\(text): \(error)")
                }
            }
        }
    }
}
