import Testing
@testable import KaamosServer

@Suite struct RoomIDTests {
    @Test(arguments: ["Ab3dE6gH9k", "0123456789", "ZZZZZZZZZZ"])
    func acceptsTenLettersOrDigits(_ id: String) {
        #expect(RoomID.isValid(id))
    }

    @Test(arguments: ["", "Ab3dE6gH9", "Ab3dE6gH9kX", "Ab3dE6gH9-", "Ab3dE6gH9 ", "../../etc/", "Äb3dE6gH9k", "Ab3dE6gH9k\n", "ab3de6gh9%"])
    func rejectsAnythingElse(_ id: String) {
        #expect(!RoomID.isValid(id))
    }

    @Test func madeIdentifiersAreValidAndDiffer() {
        let ids = (0..<200).map { _ in RoomID.make() }
        #expect(ids.allSatisfy(RoomID.isValid))
        #expect(Set(ids).count == ids.count)
    }
}
