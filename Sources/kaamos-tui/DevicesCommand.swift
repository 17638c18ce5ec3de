import ArgumentParser
import ClientCore
import Foundation

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "ALSA capture and playback devices and V4L2 cameras with their formats.")

    @Flag(help: "Print one JSON object: audio_capture, audio_playback, cameras.")
    var json = false

    func run() throws {
        let listing = DeviceListing.current()
        print(json ? try listing.json() : listing.text(), terminator: "")
    }
}
