import Foundation
import TerminalUI

/// Frame timing for measurements (`NNVIZ_FRAME_STATS=FILE nnviz ...`): per drawn frame the time to render
/// the dashboard into the cell buffer and the time to flush the diff through ncurses; summary at exit.
public final class FrameStats {
    let path: String
    var render: [UInt64] = []
    var flush: [UInt64] = []
    var cells: [Int] = []
    var sizes: Set<String> = []

    public init(path: String) { self.path = path }

    func record(render r: UInt64, flush f: UInt64, cells c: Int, size: Size) {
        render.append(r)
        flush.append(f)
        cells.append(c)
        sizes.insert("\(size.width)x\(size.height)")
    }

    public func write() {
        func summary(_ xs: [UInt64]) -> String {
            guard !xs.isEmpty else { return "n=0" }
            let s = xs.sorted()
            let mean = Double(s.reduce(0, +)) / Double(s.count) / 1e3
            let median = Double(s[s.count / 2]) / 1e3
            let p95 = Double(s[min(s.count - 1, s.count * 95 / 100)]) / 1e3
            return String(format: "n=%d mean=%.1fus median=%.1fus p95=%.1fus", s.count, mean, median, p95)
        }
        let meanCells = cells.isEmpty ? 0 : Double(cells.reduce(0, +)) / Double(cells.count)
        let text = """
            sizes: \(sizes.sorted().joined(separator: " "))
            render: \(summary(render))
            flush: \(summary(flush))
            cells written per frame: mean \(String(format: "%.0f", meanCells)), first \(cells.first ?? 0)

            """
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
