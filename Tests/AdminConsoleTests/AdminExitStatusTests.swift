import AdminConsole
import ClientCore
import Testing

@Suite struct AdminExitStatusTests {
    @Test func apiErrorsMapToTheDocumentedStatuses() {
        #expect(AdminExitStatus(.roomNotFound("abc")).rawValue == 2)
        #expect(AdminExitStatus(.notFound("participant")).rawValue == 2)
        #expect(AdminExitStatus(.unauthorized).rawValue == 3)
        #expect(AdminExitStatus(.unreachable(server: "http://x", reason: "refused")).rawValue == 4)
        #expect(AdminExitStatus(.rateLimited(retryAfterSeconds: 5)).rawValue == 5)
        #expect(AdminExitStatus(.badRequest("no")).rawValue == 1)
        #expect(AdminExitStatus(.server(status: 500, message: "boom")).rawValue == 1)
        #expect(AdminExitStatus(.malformedResponse("x")).rawValue == 1)
        #expect(AdminExitStatus.usage.rawValue == 64)
        #expect(AdminExitStatus.ok.rawValue == 0)
    }

    @Test func messagesAreOneSentence() {
        #expect(AdminErrorMessage.sentence(.notFound("Room AAAAAAAAAA does not exist or has expired.")) == "Room AAAAAAAAAA does not exist or has expired.")
        #expect(AdminErrorMessage.sentence(.notFound("no such participant")) == "no such participant.")
        #expect(AdminErrorMessage.sentence(.unreachable(server: "http://x", reason: "refused.")) == "Cannot reach the server at http://x: refused.")
        #expect(!AdminErrorMessage.sentence(.unauthorized).contains("\n"))
    }
}
