// Kaamos signaling: one WebSocket to /ws/{room_id} carrying JSON text frames
// (see PROTOCOL.md). This class owns a single connection; reconnection policy
// lives in app.js, which opens a fresh SignalingClient after a drop.

export class SignalingClient {
    constructor(roomId, { url } = {}) {
        this.roomId = roomId;
        this.url = url || SignalingClient.defaultUrl(roomId);
        this.ws = null;
        this.handlers = new Map();
        this.closedByUs = false;
    }

    static defaultUrl(roomId) {
        const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
        return `${scheme}//${window.location.host}/ws/${encodeURIComponent(roomId)}`;
    }

    // Several handlers may listen to one type; '*' receives every message.
    on(type, handler) {
        if (!this.handlers.has(type)) this.handlers.set(type, []);
        this.handlers.get(type).push(handler);
        return this;
    }

    emit(type, payload) {
        for (const handler of this.handlers.get(type) || []) {
            try {
                handler(payload);
            } catch (error) {
                console.error(`kaamos: handler for ${type} failed`, error);
            }
        }
    }

    // Resolves once the socket is open, rejects if it fails before opening.
    // After opening, a drop is reported through the 'close' event.
    connect(timeoutMs = 10000) {
        return new Promise((resolve, reject) => {
            let opened = false;
            let ws;
            try {
                ws = new WebSocket(this.url);
            } catch (error) {
                reject(error);
                return;
            }
            this.ws = ws;
            const timer = setTimeout(() => {
                if (!opened) {
                    try { ws.close(); } catch (_) { /* already closing */ }
                    reject(new Error('signaling connect timeout'));
                }
            }, timeoutMs);

            ws.onopen = () => {
                opened = true;
                clearTimeout(timer);
                resolve();
            };
            ws.onmessage = (event) => {
                if (typeof event.data !== 'string') return;
                let message;
                try {
                    message = JSON.parse(event.data);
                } catch (error) {
                    console.warn('kaamos: ignoring a frame that is not JSON');
                    return;
                }
                if (!message || typeof message.type !== 'string') return;
                this.emit('*', message);
                this.emit(message.type, message);
            };
            ws.onerror = () => {
                // The close event that always follows carries the details.
            };
            ws.onclose = (event) => {
                clearTimeout(timer);
                if (this.ws === ws) this.ws = null;
                if (!opened) {
                    reject(new Error(`signaling closed before open (code ${event.code})`));
                    return;
                }
                this.emit('close', { code: event.code, reason: event.reason, byUs: this.closedByUs });
            };
        });
    }

    get isOpen() {
        return !!this.ws && this.ws.readyState === WebSocket.OPEN;
    }

    send(message) {
        if (!this.isOpen) return false;
        this.ws.send(JSON.stringify(message));
        return true;
    }

    close() {
        this.closedByUs = true;
        if (this.ws) {
            try { this.ws.close(1000, 'bye'); } catch (_) { /* already closed */ }
        }
    }
}

// Exponential backoff with jitter: 0.5 s, 1 s, 2 s, ... up to maxMs.
export class Backoff {
    constructor({ baseMs = 500, maxMs = 10000 } = {}) {
        this.baseMs = baseMs;
        this.maxMs = maxMs;
        this.attempt = 0;
    }

    next() {
        const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
        this.attempt += 1;
        return Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    }

    reset() {
        this.attempt = 0;
    }
}
