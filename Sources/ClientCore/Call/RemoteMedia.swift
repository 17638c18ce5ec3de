import Glibc
import MediaIO
import RTC
import RTCBase
import RTCNetwork

/// Everything received, decoded off the network thread: video per track (newest picture kept for
/// the screen), audio per track through a jitter buffer, concealment and a level meter, mixed and
/// played through ALSA every 20 ms.
public final class RemoteMedia: @unchecked Sendable {
    final class VideoTrack {
        let participantID: String
        let analyzer: VideoReceiveAnalyzer
        /// When the track appeared: its measurement window starts here, frames or not.
        let addedAt: Instant
        var serial = 0
        init(participantID: String, decodes: Bool, addedAt: Instant) {
            self.participantID = participantID
            analyzer = VideoReceiveAnalyzer(decodes: decodes)
            self.addedAt = addedAt
        }
    }

    final class AudioTrack {
        let participantID: String
        var jitter = AudioJitterBuffer()
        let decoder = try? OpusDecoder(channels: 1)
        var meter = LevelMeter(sampleRate: 48_000, channels: 1)
        var packets = 0
        let addedAt: Instant
        var lastPacketAt: Instant?
        init(participantID: String, addedAt: Instant) {
            self.participantID = participantID
            self.addedAt = addedAt
        }
    }

    private enum Work {
        case video(ReceivedVideoFrame, Instant)
        case audio(ReceivedAudioPacket, Instant)
    }

    private let lock = PThreadLock()
    private var condition = pthread_cond_t()
    private var conditionMutex = pthread_mutex_t()
    private var queue: [Work] = []
    private var videoTracks: [String: VideoTrack] = [:]
    private var audioTracks: [String: AudioTrack] = [:]
    /// The figures of tracks that went away (their participant left), without pictures, so a
    /// probe still reports who it measured; the newest 64.
    private var departed: [(participantID: String, media: ParticipantMedia)] = []
    private var running = true
    private var thread: LoopThread?
    private var playback: AudioPlayback?
    private let requestKeyframe: @Sendable (String) -> Void
    /// Why there is no sound, when there is none (no device, failed to open).
    public let playbackNotice: String?
    public private(set) var firstVideoFrameAt: Instant?
    public private(set) var droppedWork = 0

    /// - Parameters:
    ///   - audioOutput: an ALSA device name; "none" plays nothing.
    ///   - requestKeyframe: called with a mid when a decoder lost its reference.
    private let decodes: Bool

    ///   - decodes: false counts complete frames and packets without decoding (load generation).
    public init(audioOutput: String = "default", decodes: Bool = true, requestKeyframe: @escaping @Sendable (String) -> Void) {
        self.requestKeyframe = requestKeyframe
        self.decodes = decodes
        if audioOutput == "none" {
            playbackNotice = "Sound is off (--audio-output none)."
        } else {
            do {
                let device = try AudioPlayback(device: audioOutput, format: AudioFormat(sampleRate: 48_000, channels: 1, periodMilliseconds: 20))
                try device.start()
                playback = device
                playbackNotice = nil
            } catch {
                playbackNotice = "No audio output: \(error) Receiving without sound."
            }
        }
        pthread_mutex_init(&conditionMutex, nil)
        pthread_cond_init(&condition, nil)
        thread = LoopThread { [self] in run() }
    }

    public func stop() {
        pthread_mutex_lock(&conditionMutex)
        running = false
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&conditionMutex)
        thread?.join()
        thread = nil
        playback?.stop()
    }

    // MARK: From the network thread

    public func trackAdded(_ track: RemoteTrack) {
        let participant = track.streamID ?? "track-\(track.mid)"
        let now = MonotonicClock.now()
        lock.withLock {
            switch track.kind {
            case .video: videoTracks[track.mid] = VideoTrack(participantID: participant, decodes: decodes, addedAt: now)
            case .audio: audioTracks[track.mid] = AudioTrack(participantID: participant, addedAt: now)
            default: break
            }
        }
    }

    public func trackRemoved(mid: String) {
        let now = MonotonicClock.now()
        lock.withLock {
            // Participant ids are per connection, so one entry per id holds all its tracks.
            func retire(_ participantID: String, _ add: (inout ParticipantMedia) -> Void) {
                let index = departed.firstIndex { $0.participantID == participantID }
                var media = index.map { departed[$0].media } ?? ParticipantMedia()
                add(&media)
                media.endedAt = now
                if let index { departed[index].media = media } else { departed.append((participantID, media)) }
            }
            if let track = videoTracks.removeValue(forKey: mid) {
                retire(track.participantID) { Self.add(track, to: &$0, keepingPicture: false) }
            }
            if let track = audioTracks.removeValue(forKey: mid) {
                retire(track.participantID) { Self.add(track, to: &$0) }
            }
            if departed.count > 64 { departed.removeFirst(departed.count - 64) }
        }
    }

    public func receive(_ frame: ReceivedVideoFrame) { enqueue(.video(frame, MonotonicClock.now())) }

    public func receive(_ packet: ReceivedAudioPacket) { enqueue(.audio(packet, MonotonicClock.now())) }

    private func enqueue(_ work: Work) {
        pthread_mutex_lock(&conditionMutex)
        // A stalled decoder must not grow memory without bound: past 300 items the oldest go.
        if queue.count > 300 {
            queue.removeFirst(queue.count - 300)
            droppedWork += 1
        }
        queue.append(work)
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&conditionMutex)
    }

    // MARK: For the screen

    public struct ParticipantMedia: Sendable {
        public var picture: I420Frame?
        public var pictureSerial = 0
        public var speaking = false
        public var framesDecoded = 0
        public var framesPerSecond = 0.0
        public var freezes = 0
        public var latencyMilliseconds: Double?
        public var audioPackets = 0
        /// Whether a video or an audio track of this participant exists (or existed).
        public var hasVideo = false
        public var hasAudio = false
        /// The codec its video arrives in ("VP8", "H264"); nil before a frame.
        public var videoCodec: String?
        /// When its first track appeared, and when its tracks went away (nil while present).
        public var since: Instant?
        public var endedAt: Instant?
        public var lastFrameAt: Instant?
        public var lastAudioAt: Instant?
        /// The video's freeze counter, to ask whether a stall that lasts to the end is one.
        public var videoFreezes: FreezeDetector?

        public init() {}
    }

    /// Per participant id: the newest picture and the figures of its tracks, those of
    /// participants who left included (without a picture, `endedAt` set).
    public func snapshot() -> [String: ParticipantMedia] {
        lock.withLock {
            var result: [String: ParticipantMedia] = [:]
            for (participantID, media) in departed where result[participantID] == nil {
                result[participantID] = media
            }
            for track in videoTracks.values {
                var entry = result[track.participantID]?.endedAt == nil ? result[track.participantID] ?? ParticipantMedia() : ParticipantMedia()
                Self.add(track, to: &entry, keepingPicture: true)
                result[track.participantID] = entry
            }
            for track in audioTracks.values {
                var entry = result[track.participantID]?.endedAt == nil ? result[track.participantID] ?? ParticipantMedia() : ParticipantMedia()
                Self.add(track, to: &entry)
                result[track.participantID] = entry
            }
            return result
        }
    }

    private static func add(_ track: VideoTrack, to entry: inout ParticipantMedia, keepingPicture: Bool) {
        if keepingPicture { entry.picture = track.analyzer.lastPicture }
        entry.pictureSerial = track.serial
        entry.framesDecoded = track.analyzer.framesDecoded
        entry.framesPerSecond = track.analyzer.framesPerSecond
        entry.freezes = track.analyzer.freezes.freezeCount
        entry.latencyMilliseconds = track.analyzer.medianLatencyMilliseconds
        entry.hasVideo = true
        entry.videoCodec = track.analyzer.codec?.encodingName ?? entry.videoCodec
        entry.since = min(entry.since ?? track.addedAt, track.addedAt)
        entry.lastFrameAt = track.analyzer.lastDecodeAt
        entry.videoFreezes = track.analyzer.freezes
    }

    private static func add(_ track: AudioTrack, to entry: inout ParticipantMedia) {
        entry.speaking = track.meter.isSpeaking
        entry.audioPackets = track.packets
        entry.hasAudio = true
        entry.since = min(entry.since ?? track.addedAt, track.addedAt)
        entry.lastAudioAt = track.lastPacketAt
    }

    // MARK: The worker

    private func run() {
        var nextPlayout = MonotonicClock.now() + .milliseconds(20)
        var mixer = AudioMixer(samplesPerPeriod: 960)
        var mixed = [Int16](repeating: 0, count: 960)
        while true {
            pthread_mutex_lock(&conditionMutex)
            while running && queue.isEmpty && MonotonicClock.now() < nextPlayout {
                let wait = max(0, (nextPlayout - MonotonicClock.now()).nanosecondsClamped)
                var deadline = timespec()
                clock_gettime(CLOCK_REALTIME, &deadline)
                let total = Int64(deadline.tv_nsec) + wait
                deadline.tv_sec += Int(total / 1_000_000_000)
                deadline.tv_nsec = Int(total % 1_000_000_000)
                pthread_cond_timedwait(&condition, &conditionMutex, &deadline)
            }
            let stillRunning = running
            let work = queue
            queue.removeAll(keepingCapacity: true)
            pthread_mutex_unlock(&conditionMutex)
            guard stillRunning else { return }

            for item in work { process(item) }
            let now = MonotonicClock.now()
            if now >= nextPlayout {
                nextPlayout = nextPlayout + .milliseconds(20)
                if now - nextPlayout > .milliseconds(200) { nextPlayout = now + .milliseconds(20) }
                playOut(now: now, mixer: &mixer, into: &mixed)
            }
        }
    }

    private func process(_ work: Work) {
        switch work {
        case let .video(frame, arrival):
            let needsKeyframe = lock.withLock { () -> Bool in
                guard let track = videoTracks[frame.mid] else { return false }
                let before = track.analyzer.framesDecoded
                let needs = track.analyzer.receive(frame, now: arrival)
                if track.analyzer.framesDecoded > before {
                    track.serial += 1
                    if firstVideoFrameAt == nil { firstVideoFrameAt = arrival }
                }
                return needs
            }
            if needsKeyframe { requestKeyframe(frame.mid) }
        case let .audio(packet, arrival):
            lock.withLock {
                guard let track = audioTracks[packet.mid] else { return }
                track.packets += 1
                track.lastPacketAt = arrival
                _ = track.jitter.insert(sequenceNumber: packet.sequenceNumber, timestamp: packet.rtpTimestamp,
                                        payload: packet.payload, now: arrival)
            }
        }
    }

    private func playOut(now: Instant, mixer: inout AudioMixer, into output: inout [Int16]) {
        var sources: [(UInt32, [Int16])] = []
        lock.withLock {
            for (index, track) in audioTracks.values.enumerated() {
                guard decodes, let decoder = track.decoder else { continue }
                var pcm: [Int16]?
                switch track.jitter.pop(now: now) {
                case let .packet(payload):
                    pcm = try? decoder.decode(payload)
                case .missing:
                    if let next = track.jitter.peekNext(), let recovered = try? decoder.decodeFEC(nextPacket: next) {
                        pcm = recovered
                    } else {
                        pcm = decoder.decodeMissing(frameSamples: 960)
                    }
                case .notReady:
                    pcm = nil
                }
                if let pcm, pcm.count == 960 {
                    track.meter.process(pcm)
                    sources.append((UInt32(index), pcm))
                } else {
                    track.meter.process([Int16](repeating: 0, count: 960))
                }
            }
        }
        guard let playback else { return }
        if sources.isEmpty {
            output = [Int16](repeating: 0, count: 960)
        } else {
            mixer.begin()
            for (source, pcm) in sources { mixer.add(pcm, from: source) }
            output.withUnsafeMutableBufferPointer { mixer.finish(into: $0) }
        }
        _ = playback.write(output)
    }
}
