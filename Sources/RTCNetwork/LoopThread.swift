import Glibc

/// A plain pthread running one closure; joined by `join()`.
final class LoopThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private var handle: pthread_t?

    init(_ body: @escaping () -> Void) {
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

    var isCurrent: Bool {
        guard let handle else { return false }
        return pthread_equal(handle, pthread_self()) != 0
    }

    func join() {
        guard let handle, !isCurrent else { return }
        pthread_join(handle, nil)
        self.handle = nil
    }
}
