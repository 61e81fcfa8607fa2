import Foundation
import PaneModels
import TerminalUI

/// How history plots lay out training steps (`L` cycles it).
public enum StepScale: String, Sendable, CaseIterable {
    /// Linear until the run spans more than two decades of steps counted from step 1, then logarithmic.
    case auto
    case linear
    case log

    /// The next mode for `L`: auto → linear → log → auto (a long run's auto axis is log, so the first press
    /// shows it linear).
    public var next: StepScale {
        switch self {
        case .auto: .linear
        case .linear: .log
        case .log: .auto
        }
    }

    /// The rule of `auto`, as the help overlay states it.
    public static let autoRule = "log step axis once the steps shown span more than 2 decades from step 1 (last > 100 × max(first, 1))"
}

/// The step (x) axis of a history plot: linear or logarithmic over [first, last] steps. On a log axis a
/// step s sits at log10(max(s, 1)) (step 0 shares the column of step 1), so the first hundred steps of a
/// million-step run get as much width as the last 900,000.
public struct StepAxis: Sendable, Equatable {
    /// The plotted steps (never empty: one step gives [s, s + 1], never a negative step).
    public let first: Double
    public let last: Double
    public let isLog: Bool

    /// Whether `auto` picks a log axis for steps from `first` to `last`.
    public static func spansDecades(first: Double, last: Double) -> Bool {
        last > 100 * max(first, 1)
    }

    /// The auto rule counts decades from the axis' first step (step 1 when it starts at 0), not from the
    /// first sample: a history sampled every 100 steps (λmax) turns log at step 10,000 of a run otherwise,
    /// while the loss pane beside it, over the same steps, has long been log.
    public init(first: Double, last: Double, scale: StepScale) {
        let lo = max(0, first.isFinite ? first : 0)
        var hi = last.isFinite ? last : lo
        if hi <= lo { hi = lo + 1 }
        self.first = lo
        self.last = hi
        switch scale {
        case .linear: isLog = false
        case .log: isLog = true
        case .auto: isLog = Self.spansDecades(first: lo, last: hi)
        }
    }

    public init(_ steps: ClosedRange<Double>, scale: StepScale) {
        self.init(first: steps.lowerBound, last: steps.upperBound, scale: scale)
    }

    /// Where a step goes on the axis (in `range`'s units).
    public func x(_ step: Double) -> Double {
        isLog ? log10(max(step, 1)) : step
    }

    public func xs(_ steps: [Int]) -> [Double] { steps.map { x(Double($0)) } }

    /// The axis range in `x` units.
    public var range: ClosedRange<Double> {
        let a = x(first), b = x(last)
        return b > a ? a...b : a...(a + 1)
    }

    /// "1", "10", "100", "1k", "10k", "100k", "1M", … ; other steps exact below 10,000 ("2345"), then "12k",
    /// "12.5k", "250k", "1.2M".
    public static func label(_ step: Int) -> String {
        if step < 10_000 && (step < 1000 || step % 1000 != 0) { return "\(step)" }
        if step < 1_000_000 {
            return step % 1000 == 0 || step >= 100_000 ? "\(step / 1000)k" : String(format: "%.1fk", Double(step) / 1000)
        }
        let m = Double(step) / 1e6
        if step % 1_000_000 == 0 || m >= 100 { return "\(step / 1_000_000)M" }
        return String(format: "%.1fM", m)
    }

    /// Decade steps (1, 10, 100, …) strictly inside the axis, for tick labels on a log axis.
    public var decades: [Int] {
        guard isLog else { return [] }
        var out: [Int] = []
        var d = 1
        while Double(d) < last {
            if Double(d) > first { out.append(d) }
            if d > Int.max / 10 { break }
            d *= 10
        }
        return out
    }

    /// Writes the step labels under a plot: "step FIRST" on the left, LAST on the right and, on a log axis,
    /// each decade that fits with a space either side; "log" follows the first label. Returns the columns
    /// left free (start, end), so the caller can put a legend in the widest gap.
    @discardableResult
    public func writeFooter(into buffer: inout Buffer, plot: Rect, row: Int, clip: Rect, style: Style) -> [Range<Int>] {
        guard plot.width >= 2 else { return [] }
        var used = [Bool](repeating: false, count: plot.width + 1)
        func mark(_ a: Int, _ n: Int) { for c in max(0, a)..<min(used.count, a + n) { used[c] = true } }
        func free(_ a: Int, _ n: Int) -> Bool {
            guard a >= 0, a + n <= used.count else { return false }
            for c in max(0, a - 1)..<min(used.count, a + n + 1) where used[c] { return false }
            return true
        }
        let left = "step \(Self.label(Int(first.rounded())))" + (isLog ? " log" : "")
        buffer.write(left, x: plot.x, y: row, style: style, clip: clip)
        mark(0, left.count)
        let right = Self.label(Int(last.rounded()))
        let rx = plot.width + 1 - 1 - right.count
        if free(rx, right.count) || rx > left.count {
            buffer.write(right, x: plot.x + rx, y: row, style: style, clip: clip)
            mark(rx, right.count)
        }
        let r = range
        for d in decades {
            let t = Self.label(d)
            let frac = (x(Double(d)) - r.lowerBound) / (r.upperBound - r.lowerBound)
            let col = Int((frac * Double(plot.width - 1)).rounded())
            let at = col - t.count / 2
            guard free(at, t.count) else { continue }
            buffer.write(t, x: plot.x + at, y: row, style: style, clip: clip)
            mark(at, t.count)
        }
        var gaps: [Range<Int>] = []
        var start: Int?
        for c in 0..<used.count {
            if !used[c] { if start == nil { start = c } } else if let s = start { gaps.append(s..<c); start = nil }
        }
        if let s = start { gaps.append(s..<used.count) }
        return gaps.map { ($0.lowerBound + plot.x)..<($0.upperBound + plot.x) }
    }
}
