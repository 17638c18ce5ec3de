import Foundation
import Logging
import ServiceLifecycle

/// Sweeps expired rooms and feeds `stats` to the admin stream on the wall clock. Tests call
/// `RoomHub.sweep()` and `publishStatistics()` directly after advancing a `ManualClock`.
public struct HubMaintenanceService: Service {
    let hub: RoomHub

    public init(hub: RoomHub) {
        self.hub = hub
    }

    public func run() async throws {
        let tick = max(0.05, min(hub.configuration.statsInterval, hub.configuration.sweepInterval))
        await cancelWhenGracefulShutdown {
            var sinceSweep: TimeInterval = 0
            var sinceStats: TimeInterval = 0
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .milliseconds(Int(tick * 1000)))
                } catch {
                    return
                }
                sinceSweep += tick
                sinceStats += tick
                if sinceStats >= hub.configuration.statsInterval {
                    sinceStats = 0
                    hub.publishStatistics()
                }
                if sinceSweep >= hub.configuration.sweepInterval {
                    sinceSweep = 0
                    hub.sweep()
                }
            }
        }
    }
}

/// On graceful shutdown (SIGINT, SIGTERM) tells every participant `room-closed` with reason
/// "server shutting down", closes every WebSocket, and waits a moment for them to go. It must be
/// shut down before the HTTP server, so it comes after the application in the service group.
public struct HubShutdownService: Service {
    let hub: RoomHub

    public init(hub: RoomHub) {
        self.hub = hub
    }

    public func run() async throws {
        // Returns when graceful shutdown starts; throws when the task is cancelled instead.
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        hub.shutDown(reason: "server shutting down")
        let deadline = ContinuousClock.now + .milliseconds(Int(hub.configuration.shutdownGracePeriod * 1000))
        while hub.hasConnections, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
