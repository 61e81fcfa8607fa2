/// The difference between two frames: which cells must be written to bring the terminal from
/// `previous` to `current`. Backends call `forEachChange` and write only those cells.
extension Buffer {
    /// Calls `body(x, y, cell)` for every cell of `self` that differs from `previous`
    /// (every cell when there is no previous frame or the sizes differ). No allocation.
    /// Returns the number of changed cells.
    @discardableResult
    public func forEachChange(from previous: Buffer?, _ body: (Int, Int, Cell) -> Void) -> Int {
        var n = 0
        let w = width
        if let previous, previous.width == width, previous.height == height {
            cells.withUnsafeBufferPointer { cur in
                previous.cells.withUnsafeBufferPointer { old in
                    for i in 0..<cur.count where cur[i] != old[i] {
                        body(i % w, i / w, cur[i])
                        n += 1
                    }
                }
            }
        } else {
            cells.withUnsafeBufferPointer { cur in
                for i in 0..<cur.count {
                    body(i % w, i / w, cur[i])
                    n += 1
                }
            }
        }
        return n
    }

    /// Number of cells that differ from `previous` (all when sizes differ).
    public func changeCount(from previous: Buffer?) -> Int {
        forEachChange(from: previous) { _, _, _ in }
    }
}
