// Kaamos media session: one RTCPeerConnection to the SFU for the lifetime of
// one signaling connection. The page offers once (its own audio and video);
// after that the server offers whenever forwarded tracks appear or disappear
// and the page answers. Signaling messages are applied strictly in arrival
// order through a promise chain, so an offer that arrives while an earlier
// answer is still being applied waits for it instead of racing it.

// Incoming `ice-candidate` comes in two shapes (PROTOCOL.md): a string with
// sdpMid/sdpMLineIndex beside it, or an object holding all three. Returns an
// RTCIceCandidateInit; candidate '' means end of candidates.
export function parseIceCandidate(message) {
    const raw = message.candidate;
    let init;
    if (raw && typeof raw === 'object') {
        init = {
            candidate: typeof raw.candidate === 'string' ? raw.candidate : '',
            sdpMid: raw.sdpMid ?? message.sdpMid ?? null,
            sdpMLineIndex: raw.sdpMLineIndex ?? message.sdpMLineIndex ?? null,
        };
        if (raw.usernameFragment) init.usernameFragment = raw.usernameFragment;
    } else {
        init = {
            candidate: typeof raw === 'string' ? raw : '',
            sdpMid: message.sdpMid ?? null,
            sdpMLineIndex: message.sdpMLineIndex ?? null,
        };
    }
    if (typeof init.sdpMid === 'number') init.sdpMid = String(init.sdpMid);
    if (init.sdpMLineIndex !== null) init.sdpMLineIndex = Number(init.sdpMLineIndex);
    // With BUNDLE every m-line shares one transport: the first one will do.
    if (init.sdpMid === null && init.sdpMLineIndex === null) init.sdpMLineIndex = 0;
    return init;
}

// The page's own RTCConfiguration: the server's `ice_servers` when it sends
// them. Without them no STUN server is used: the SFU has a reachable address
// and learns the page's address from its connectivity checks.
export function rtcConfiguration(iceServers) {
    const servers = Array.isArray(iceServers)
        ? iceServers.filter((s) => s && (typeof s.urls === 'string' || Array.isArray(s.urls)))
        : [];
    return { iceServers: servers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
}

export class CallSession extends EventTarget {
    constructor(signaling, { localStream = null, iceServers = null, log = () => {} } = {}) {
        super();
        this.signaling = signaling;
        this.localStream = localStream;
        this.iceServers = iceServers;
        this.log = log;
        this.pc = null;
        this.chain = Promise.resolve();
        this.pendingCandidates = [];
        this.offerOutstanding = false;
        this.reofferWanted = false;
        this.closed = false;
        this.negotiations = 0;
    }

    get connectionState() {
        return this.pc ? this.pc.connectionState : 'new';
    }

    get signalingState() {
        return this.pc ? this.pc.signalingState : 'closed';
    }

    emit(type, detail) {
        this.dispatchEvent(new CustomEvent(type, { detail }));
    }

    // Creates the peer connection and sends the page's single offer.
    start() {
        let pc;
        try {
            pc = new RTCPeerConnection(rtcConfiguration(this.iceServers));
        } catch (error) {
            // A server entry the browser refuses (a malformed URL): go on without.
            this.log(`ice_servers refused (${error && error.message}); using none`);
            pc = new RTCPeerConnection(rtcConfiguration([]));
        }
        this.pc = pc;

        const kinds = new Set();
        if (this.localStream) {
            for (const track of this.localStream.getTracks()) {
                pc.addTrack(track, this.localStream);
                kinds.add(track.kind);
            }
        }
        // A kind the page cannot send is still received.
        for (const kind of ['audio', 'video']) {
            if (!kinds.has(kind)) pc.addTransceiver(kind, { direction: 'recvonly' });
        }
        // ?video-codec=h264 (or vp8) puts that codec first in the offer, which the server then
        // answers with when everyone in the room can decode it.
        // ?video-codec-only=h264 offers that codec alone (a browser that has no other).
        const query = new URLSearchParams(location.search);
        const only = query.get('video-codec-only');
        const wanted = only || query.get('video-codec');
        if (wanted) this.preferVideoCodec(pc, wanted, !!only);

        pc.onicecandidate = (event) => {
            if (this.closed) return;
            if (event.candidate) {
                this.signaling.send({ type: 'ice-candidate', candidate: event.candidate.toJSON() });
            } else {
                // End of candidates, in the object shape.
                this.signaling.send({
                    type: 'ice-candidate',
                    candidate: { candidate: '', sdpMid: this.firstMid(), sdpMLineIndex: 0 },
                });
            }
        };
        pc.ontrack = (event) => {
            this.emit('remotetrack', {
                track: event.track,
                stream: event.streams[0] || null,
                transceiver: event.transceiver,
            });
        };
        pc.onconnectionstatechange = () => {
            this.log(`pc connection: ${pc.connectionState}`);
            this.emit('connectionstate', pc.connectionState);
        };
        pc.oniceconnectionstatechange = () => this.log(`ice: ${pc.iceConnectionState}`);
        pc.onsignalingstatechange = () => this.log(`signaling: ${pc.signalingState}`);

        this.enqueue(() => this.sendOffer());
    }

    firstMid() {
        const first = this.pc && this.pc.getTransceivers().find((t) => t.mid !== null);
        return first ? first.mid : '0';
    }

    enqueue(step) {
        this.chain = this.chain.then(async () => {
            if (this.closed) return;
            try {
                await step();
            } catch (error) {
                this.log(`negotiation step failed: ${error && error.message}`);
                this.emit('negotiationerror', error);
            }
        });
        return this.chain;
    }

    // Routes one signaling message; returns true when it was a media message.
    handleMessage(message) {
        switch (message.type) {
            case 'offer':
                this.enqueue(() => this.applyOffer(message.sdp));
                return true;
            case 'answer':
                this.enqueue(() => this.applyAnswer(message.sdp));
                return true;
            case 'ice-candidate':
                this.enqueue(() => this.addCandidate(parseIceCandidate(message)));
                return true;
            default:
                return false;
        }
    }

    async sendOffer() {
        if (this.pc.signalingState !== 'stable') {
            this.reofferWanted = true;
            return;
        }
        const offer = await this.pc.createOffer();
        await this.pc.setLocalDescription(offer);
        this.offerOutstanding = true;
        this.negotiations += 1;
        this.signaling.send({
            type: 'offer',
            sdp: this.pc.localDescription.sdp,
            room_id: this.signaling.roomId,
        });
        this.log('offer sent');
    }

    async applyAnswer(sdp) {
        if (typeof sdp !== 'string') throw new Error('answer without sdp');
        if (this.pc.signalingState !== 'have-local-offer') {
            this.log(`ignoring an answer in state ${this.pc.signalingState}`);
            return;
        }
        await this.pc.setRemoteDescription({ type: 'answer', sdp });
        this.offerOutstanding = false;
        this.log('answer applied');
        await this.flushCandidates();
        this.emit('negotiated', { by: 'page' });
    }

    async applyOffer(sdp) {
        if (typeof sdp !== 'string') throw new Error('offer without sdp');
        if (this.pc.signalingState === 'have-local-offer') {
            // The server's offer crossed ours: give ours up, answer theirs,
            // offer again once stable. Never two offers in flight.
            this.log('offer glare: rolling back our offer');
            await this.pc.setLocalDescription({ type: 'rollback' });
            this.offerOutstanding = false;
            this.reofferWanted = true;
        }
        await this.pc.setRemoteDescription({ type: 'offer', sdp });
        await this.flushCandidates();
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        this.negotiations += 1;
        this.signaling.send({ type: 'answer', sdp: this.pc.localDescription.sdp });
        this.log('answer sent');
        this.emit('negotiated', { by: 'server' });
        if (this.reofferWanted) {
            this.reofferWanted = false;
            await this.sendOffer();
        }
    }

    async addCandidate(init) {
        if (!this.pc.remoteDescription) {
            this.pendingCandidates.push(init);
            return;
        }
        try {
            await this.pc.addIceCandidate(init.candidate === '' ? undefined : init);
        } catch (error) {
            // A candidate for an m-line that a later offer removed, or a
            // malformed one: not fatal.
            this.log(`candidate not added: ${error && error.message}`);
        }
    }

    async flushCandidates() {
        const queued = this.pendingCandidates;
        this.pendingCandidates = [];
        for (const init of queued) await this.addCandidate(init);
    }

    preferVideoCodec(pc, name, exclusive) {
        const mime = `video/${name}`.toLowerCase();
        const capabilities = typeof RTCRtpReceiver.getCapabilities === 'function'
            ? RTCRtpReceiver.getCapabilities('video') : null;
        const codecs = capabilities ? capabilities.codecs : [];
        const preferred = codecs.filter((codec) => codec.mimeType.toLowerCase() === mime);
        if (!preferred.length) {
            this.log(`video codec ${name} is not available in this browser; offering its default order`);
            return;
        }
        // RTX, RED and FEC are not codecs of their own: an exclusive list keeps them.
        const helpers = /^video\/(rtx|red|ulpfec|flexfec-03)$/i;
        const rest = codecs.filter((codec) => codec.mimeType.toLowerCase() !== mime
            && (!exclusive || helpers.test(codec.mimeType)));
        for (const transceiver of pc.getTransceivers()) {
            if (transceiver.receiver.track.kind !== 'video' || !transceiver.setCodecPreferences) continue;
            try {
                transceiver.setCodecPreferences([...preferred, ...rest]);
            } catch (error) {
                this.log(`setCodecPreferences refused: ${error && error.message}`);
            }
        }
    }

    // framesDecoded and audio packets received, summed over inbound-rtp; the video codecs in use.
    async stats() {
        const totals = {
            framesDecoded: 0,
            audioPacketsReceived: 0,
            videoPacketsReceived: 0,
            bytesReceived: 0,
            inboundStreams: 0,
            packetsSent: 0,
            framesEncoded: 0,
            videoCodecsReceived: [],
            videoCodecsSent: [],
            connectionState: this.connectionState,
        };
        if (!this.pc || this.pc.signalingState === 'closed') return totals;
        const report = await this.pc.getStats();
        const codecOf = (entry) => {
            const codec = entry.codecId && report.get(entry.codecId);
            return codec ? codec.mimeType.replace(/^video\//i, '') : null;
        };
        report.forEach((entry) => {
            if (entry.type === 'outbound-rtp' && entry.kind === 'video') {
                totals.framesEncoded += entry.framesEncoded || 0;
                const codec = codecOf(entry);
                if (codec && !totals.videoCodecsSent.includes(codec)) totals.videoCodecsSent.push(codec);
            }
            if (entry.type === 'inbound-rtp') {
                totals.inboundStreams += 1;
                totals.bytesReceived += entry.bytesReceived || 0;
                if (entry.kind === 'video') {
                    totals.framesDecoded += entry.framesDecoded || 0;
                    totals.videoPacketsReceived += entry.packetsReceived || 0;
                    const codec = codecOf(entry);
                    if (codec && !totals.videoCodecsReceived.includes(codec)) totals.videoCodecsReceived.push(codec);
                } else if (entry.kind === 'audio') {
                    totals.audioPacketsReceived += entry.packetsReceived || 0;
                }
            } else if (entry.type === 'outbound-rtp') {
                totals.packetsSent += entry.packetsSent || 0;
            }
        });
        return totals;
    }

    close() {
        if (this.closed) return;
        this.closed = true;
        if (this.pc) {
            this.pc.onicecandidate = null;
            this.pc.ontrack = null;
            this.pc.onconnectionstatechange = null;
            try { this.pc.close(); } catch (_) { /* already closed */ }
        }
    }
}

// Turns a local track on or off without renegotiating.
export function setTrackEnabled(stream, kind, enabled) {
    if (!stream) return false;
    const tracks = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
    for (const track of tracks) track.enabled = enabled;
    return tracks.length > 0;
}
