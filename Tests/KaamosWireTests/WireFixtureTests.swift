import Foundation
import KaamosWire
import Testing

/// The checked-in JSON of every message type (Fixtures/client, Fixtures/server): each decodes as
/// its type and encodes back to the same JSON. The browser tests hold the page's messages against
/// the same files, so the Swift client, the server and the page speak one shape.
@Suite struct WireFixtureTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static func fixtures(in side: String) throws -> [(type: String, text: String)] {
        let folder = fixtures.appendingPathComponent(side)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return (String(name.dropLast(".json".count)), text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Compares as JSON values, so that key order and number spelling do not matter.
    static func sameJSON(_ left: String, _ right: String) throws -> Bool {
        let a = try JSONSerialization.jsonObject(with: Data(left.utf8)) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: Data(right.utf8)) as? NSDictionary
        return a != nil && a == b
    }

    @Test func clientMessagesDecodeAndEncodeBackToTheirFixtures() throws {
        let files = try Self.fixtures(in: "client")
        #expect(files.map(\.type) == ["answer", "chat", "ice-candidate", "join", "leave", "media-state", "offer"])
        for file in files {
            let message = try ClientMessage(json: file.text)
            #expect(message.type == file.type)
            #expect(try Self.sameJSON(message.json, file.text), "\(file.type): \(message.json)")
        }
    }

    @Test func serverMessagesDecodeAndEncodeBackToTheirFixtures() throws {
        let files = try Self.fixtures(in: "server")
        #expect(files.map(\.type) == ["answer", "chat", "error", "ice-candidate", "joined", "kicked", "media-state", "offer",
                                      "participant-joined", "participant-left", "room-closed"])
        for file in files {
            let message = try ServerMessage(json: file.text)
            if case .unknown = message { Issue.record("\(file.type) decoded as unknown") }
            #expect(try Self.sameJSON(message.json, file.text), "\(file.type): \(message.json)")
        }
    }

    @Test func adminEventsDecodeAndEncodeBackToTheirFixtures() throws {
        let files = try Self.fixtures(in: "admin")
        #expect(files.map(\.type) == ["media-state", "participant-joined", "participant-left", "room-closed", "room-created",
                                      "snapshot", "stats"])
        for file in files {
            let event = try AdminEvent(json: file.text)
            if case .unknown = event { Issue.record("\(file.type) decoded as unknown") }
            #expect(try Self.sameJSON(event.json, file.text), "\(file.type): \(event.json)")
        }
        #expect(throws: AdminEventError.missingField(type: "room-closed", field: "room_id")) {
            try AdminEvent(json: #"{"type":"room-closed"}"#)
        }
    }

    @Test func participantStatisticsKeepTheAdminAPIShape() throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("media-statistics.json"), encoding: .utf8)
        let statistics = try JSONDecoder().decode(MediaStatistics.self, from: Data(text.utf8))
        #expect(statistics == MediaStatistics(bitrateInKbps: 612.5, bitrateOutKbps: 1225, packetsLost: 3, jitterMs: 1.25, rttMs: 0.8,
                                              sendingAudio: true, sendingVideo: true, estimateKbps: 850))
        let encoded = String(decoding: try JSONEncoder().encode(statistics), as: UTF8.self)
        #expect(try Self.sameJSON(encoded, text))
    }
}
