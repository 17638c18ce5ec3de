#if canImport(Glibc)
import Glibc
#endif
import CSystemShims

/// A joinable POSIX thread for a device loop (audio capture, playback, camera).
///
/// Not Foundation's Thread: we need `join` so that stopping a device waits until its loop no longer
/// touches the device handle, and audio threads may ask for real-time priority so the UI cannot starve them.
final class DeviceThread {
    private final class Body {
        let name: String
        let realtime: Bool
        let run: @Sendable () -> Void
        init(name: String, realtime: Bool, run: @escaping @Sendable () -> Void) {
            self.name = name
            self.realtime = realtime
            self.run = run
        }
    }

    private var thread: pthread_t
    private var joined = false

    /// Starts the thread; nil when the system refuses to create one. With `realtime`, asks for SCHED_FIFO.
    init?(name: String, realtime: Bool, run: @escaping @Sendable () -> Void) {
        let body = Unmanaged.passRetained(Body(name: name, realtime: realtime, run: run))
        var created = pthread_t()
        let result = pthread_create(&created, nil, { argument in
            let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
            // Linux limits thread names to 15 bytes.
            kaamos_set_thread_name(String(body.name.prefix(15)))
            if body.realtime {
                // Needs CAP_SYS_NICE or an rtprio limit; without it the call fails and we stay at normal
                // priority. Only for devices that block on their clock: a FIFO thread over an unpaced PCM
                // would spin and starve the machine.
                var parameter = sched_param(sched_priority: 10)
                _ = pthread_setschedparam(pthread_self(), Int32(SCHED_FIFO), &parameter)
            }
            body.run()
            return nil
        }, body.toOpaque())
        guard result == 0 else {
            body.release()
            return nil
        }
        thread = created
    }

    /// Waits for the loop to return. Idempotent.
    func join() {
        guard !joined else { return }
        joined = true
        pthread_join(thread, nil)
    }

    deinit { join() }
}

/// Where an audio device's thread is in its one-way life: a PCM is closed by stop(), so it cannot run again.
enum DeviceThreadState {
    case idle
    case running(DeviceThread)
    case stopped

    var thread: DeviceThread? {
        if case let .running(thread) = self { return thread }
        return nil
    }
}
