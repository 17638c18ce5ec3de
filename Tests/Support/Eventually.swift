import Foundation

/// Polls `condition` every `interval` until it holds or `timeout` passes; returns whether it held.
/// For real processes, sockets and terminals, which have no virtual clock to advance; the engines'
/// own tests run on `SimulatedNetwork` instead. This one sleeps its thread between polls: for
/// synchronous tests and threads of their own; async code uses `eventually`, which never blocks a
/// thread of the cooperative pool.
@available(*, noasync, message: "blocks a thread of the cooperative pool: use await eventually")
public func eventuallyBlocking(timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(20),
                       _ condition: () throws -> Bool) rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try condition() { return true }
        if clock.now >= deadline { return false }
        Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
    }
}

/// Polls `condition` every `interval` until it holds or `timeout` passes; returns whether it held.
/// Waits with `Task.sleep`, so no thread of the cooperative pool is blocked while it polls.
public func eventually(timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(20),
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try await condition() { return true }
        if clock.now >= deadline { return false }
        try? await Task.sleep(for: interval)
    }
}
