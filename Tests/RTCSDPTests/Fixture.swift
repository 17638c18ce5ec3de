import Foundation
@testable import RTCSDP

/// The browser and aiortc descriptions in Fixtures/, captured as described in Fixtures/capture.
enum Fixture: String, CaseIterable, CustomStringConvertible {
    case chromeOffer = "chrome-offer"
    case chromeAnswer = "chrome-answer"
    case chromeOfferDataChannel = "chrome-offer-datachannel"
    case firefoxOffer = "firefox-offer"
    case firefoxAnswer = "firefox-answer"
    case firefoxOfferDataChannel = "firefox-offer-datachannel"
    /// Firefox ESR 153 with bundlePolicy max-bundle: the video m-line is port 0 and bundle-only.
    case firefoxOfferMaxBundle = "firefox-offer-max-bundle"
    case aiortcOffer = "aiortc-offer"
    case aiortcAnswer = "aiortc-answer"
    /// Our offer as OfferBuilder wrote it for the interop run, and the answers peers gave to it.
    case kaamosOffer = "kaamos-offer"
    case chromeAnswerToKaamos = "chrome-answer-to-kaamos"
    case firefoxAnswerToKaamos = "firefox-answer-to-kaamos"
    case aiortcAnswerToKaamos = "aiortc-answer-to-kaamos"

    static let browserOffers: [Fixture] = [.chromeOffer, .chromeOfferDataChannel, .firefoxOffer, .firefoxOfferDataChannel,
                                          .firefoxOfferMaxBundle, .aiortcOffer]
    static let answersToKaamos: [Fixture] = [.chromeAnswerToKaamos, .firefoxAnswerToKaamos, .aiortcAnswerToKaamos]

    var description: String { rawValue }

    var text: String {
        guard let url = Bundle.module.url(forResource: rawValue, withExtension: "sdp", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url)
        else { fatalError("fixture \(rawValue).sdp is missing from the test bundle") }
        return String(decoding: data, as: UTF8.self)
    }

    func parsed() throws -> SessionDescription { try SessionDescription(parsing: text) }
}
