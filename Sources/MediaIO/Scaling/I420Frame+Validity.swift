extension I420Frame {
    /// True when every plane holds at least what its stride and size promise. The stored properties
    /// are public and mutable, so code that indexes planes directly checks this first instead of trapping.
    public var hasConsistentPlanes: Bool {
        width > 0 && height > 0 && strideY >= width && strideU >= chromaWidth && strideV >= chromaWidth
            && y.count >= strideY * (height - 1) + width
            && u.count >= strideU * (chromaHeight - 1) + chromaWidth
            && v.count >= strideV * (chromaHeight - 1) + chromaWidth
    }
}
