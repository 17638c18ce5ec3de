import Glibc

/// A plain pthread running one closure; joined by `join()`. Real-time loops (the driver, media
/// publishing and playout) get a thread of their own rather than a slot in a shared pool.
public final class LoopThread: @unchecked Sendable {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private var handle: pthread_t?

    public init(_ body: @escaping () -> Void) {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
            body.run()
            return nil
        }, box)
        if result == 0 {
            handle = thread
        } else {
            Unmanaged<Body>.fromOpaque(box).release()
        }
    }

    public var isCurrent: Bool {
        guard let handle else { return false }
        return pthread_equal(handle, pthread_self()) != 0
    }

    public func join() {
        guard let handle, !isCurrent else { return }
        pthread_join(handle, nil)
        self.handle = nil
    }
}
