import KaamosWire
import ClientCore
import Foundation

/// Runs the admin console: one thread owns the screen and the model and loops (inputs from the
/// network, a key, a frame); the event stream, the poller and the API calls run as tasks and post
/// their results to the loop.
public final class AdminController: Sendable {
    public enum Outcome: Sendable, Equatable {
        case quit
        case join(roomID: String)
    }

    /// What the network side tells the loop.
    enum Input: Sendable {
        case stream(AdminStreamUpdate)
        case polledRooms([RoomSummary])
        case participants(roomID: String, [ParticipantDetail])
        case roomVanished(String)
        case muted(roomID: String, participantIDs: [String], audio: Bool?, video: Bool?)
        case done(String)
        case failed(APIError)
    }

    /// What the loop tells the poller: whether to poll and which room is open.
    struct PollPlan: Sendable {
        var pollRooms = false
        var openRoom: String?
        var live = false
    }

    private let api: KaamosAPIClient
    private let endpoint: ServerEndpoint
    private let token: String?
    private let readonly: Bool
    private let inbox = AdminInbox<Input>()
    private let plan = AdminInbox<PollPlan>()

    public init(endpoint: ServerEndpoint, token: String?, readonly: Bool) {
        self.endpoint = endpoint
        self.token = token
        self.readonly = readonly
        api = KaamosAPIClient(endpoint: endpoint, adminToken: token, timeout: 5)
    }

    /// Runs until the user quits or asks to join a room; throws only when there is no terminal.
    public func run() async throws(AdminScreenError) -> Outcome {
        let inbox = inbox
        let stream = AdminEventStream(endpoint: endpoint, token: token) { inbox.post(.stream($0)) }
        let poller = Task { await poll() }
        defer {
            stream.stop()
            poller.cancel()
        }
        let result: Result<Outcome, AdminScreenError> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.loop()) }
            thread.name = "kaamos-admin-ui"
            thread.start()
        }
        return try result.get()
    }

    /// The server as the title row names it; an unchecked certificate stays in sight there.
    private var serverTitle: String {
        endpoint.isSecure && endpoint.trust == .insecure ? "\(endpoint.baseURL) (INSECURE: certificate not checked)" : endpoint.baseURL
    }

    private func loop() -> Result<Outcome, AdminScreenError> {
        let screen: AdminScreen
        do {
            screen = try AdminScreen()
        } catch {
            return .failure(error)
        }
        defer { screen.close() }
        var model = AdminModel(readonly: readonly)
        if endpoint.isSecure, let warning = endpoint.trust.warning { model.status = AdminStatus(warning, isError: true) }
        var current = PollPlan()
        var lastDraw = Date.distantPast
        var dirty = true
        while true {
            for input in inbox.drain() {
                receive(input, into: &model)
                dirty = true
            }
            let next = PollPlan(pollRooms: model.feed != .live && model.feed != .connecting,
                                openRoom: model.openRoom?.id, live: model.feed == .live)
            if next.pollRooms != current.pollRooms || next.openRoom != current.openRoom || next.live != current.live {
                current = next
                plan.post(next)
            }
            let (rows, columns) = screen.size
            model.pageSize = max(1, AdminLayout.listHeight(rows: rows))
            let now = Date()
            // Ages and countdowns move every second even when nothing else does.
            if dirty || now.timeIntervalSince(lastDraw) >= 1 {
                screen.draw(AdminLayout.frame(model, server: serverTitle, rows: rows, columns: columns, now: now))
                lastDraw = now
                dirty = false
            }
            guard let key = screen.readKey(timeoutMilliseconds: 50) else { continue }
            dirty = true
            guard let intent = AdminKeyMap.intent(for: key, mode: model.keyMode) else { continue }
            for effect in model.apply(intent) {
                switch effect {
                case .quit: return .success(.quit)
                case let .join(roomID): return .success(.join(roomID: roomID))
                default: perform(effect)
                }
            }
        }
    }

    private func receive(_ input: Input, into model: inout AdminModel) {
        switch input {
        case let .stream(update):
            switch update {
            case .connected:
                model.feed = .live
                model.status = AdminStatus("Connected to the admin event stream.")
            case let .event(event):
                model.apply(event)
            case let .malformed(reason):
                model.status = AdminStatus(reason, isError: true)
            case .unavailable:
                model.feed = .polling
                model.status = AdminStatus("This server has no admin event stream: polling GET /api/rooms once a second.")
            case let .down(reason, _, retryIn):
                model.feed = .down(reason: reason, retryIn: retryIn)
                model.status = AdminStatus(reason + " Reconnecting.", isError: true)
            }
        case let .polledRooms(rooms):
            guard model.feed != .live else { return }
            model.replaceRooms(rooms.map(AdminRoom.init))
        case let .participants(roomID, people):
            model.replaceParticipants(roomID: roomID, people.map(AdminParticipant.init))
        case let .roomVanished(roomID):
            model.roomVanished(roomID)
        case let .muted(roomID, ids, audio, video):
            model.recordMute(roomID: roomID, participantIDs: ids, audio: audio, video: video)
            let kinds = [audio.map { "audio \($0 ? "muted" : "unmuted")" }, video.map { "video \($0 ? "muted" : "unmuted")" }].compactMap { $0 }
            model.status = AdminStatus("\(kinds.joined(separator: ", ")) for \(ids.count == 1 ? ids[0] : "\(ids.count) participants").".capitalizedFirst)
        case let .done(message):
            model.status = AdminStatus(message)
        case let .failed(error):
            model.status = AdminStatus(AdminErrorMessage.sentence(error), isError: true)
        }
    }

    private func perform(_ effect: AdminEffect) {
        let api = api, inbox = inbox
        Task {
            do throws(APIError) {
                switch effect {
                case .createRoom:
                    let room = try await api.createRoom()
                    inbox.post(.done("Created room \(room.roomID): \(room.url)"))
                    inbox.post(.polledRooms(try await api.rooms()))
                case let .closeRooms(ids):
                    for id in ids {
                        do throws(APIError) {
                            try await api.closeRoom(id)
                        } catch .roomNotFound {
                            // Gone already: what the user wanted.
                        }
                        inbox.post(.roomVanished(id))
                    }
                    inbox.post(.done(ids.count == 1 ? "Closed room \(ids[0])." : "Closed \(ids.count) rooms."))
                case let .kick(roomID, ids):
                    for id in ids { try await api.kick(room: roomID, participant: id) }
                    inbox.post(.done(ids.count == 1 ? "Kicked \(ids[0]) from room \(roomID)." : "Kicked \(ids.count) participants from room \(roomID)."))
                    inbox.post(.participants(roomID: roomID, try await api.participants(room: roomID)))
                case let .mute(roomID, ids, audio, video):
                    for id in ids { try await api.mute(room: roomID, participant: id, audio: audio, video: video) }
                    inbox.post(.muted(roomID: roomID, participantIDs: ids, audio: audio, video: video))
                case let .loadParticipants(roomID):
                    inbox.post(.participants(roomID: roomID, try await api.participants(room: roomID)))
                case .join, .quit:
                    break
                }
            } catch .roomNotFound(let room) {
                inbox.post(.roomVanished(room))
            } catch {
                inbox.post(.failed(error))
            }
        }
    }

    /// Without the event stream: the rooms once a second, the open room's participants every 2 s.
    /// With it nothing is polled: stats events refresh the participants.
    private func poll() async {
        var current = PollPlan()
        var tick = 0
        while !Task.isCancelled {
            if let latest = plan.drain().last { current = latest }
            if current.pollRooms {
                do throws(APIError) {
                    inbox.post(.polledRooms(try await api.rooms()))
                } catch {
                    inbox.post(.failed(error))
                }
            }
            if let room = current.openRoom, !current.live, tick % 2 == 0 {
                do throws(APIError) {
                    inbox.post(.participants(roomID: room, try await api.participants(room: room)))
                } catch .roomNotFound {
                    inbox.post(.roomVanished(room))
                } catch {
                    inbox.post(.failed(error))
                }
            }
            tick += 1
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

private extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
