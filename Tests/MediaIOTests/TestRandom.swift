import RTCBase

/// The tests' reproducible generator: the project's SplitMix64.
typealias SeededGenerator = SeededRandom
