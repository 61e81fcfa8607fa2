import Foundation
import Testing
@testable import NNSession

@Suite struct MetricHistoryTests {
    func run(steps: Int, capacity: Int) -> MetricHistory {
        var h = MetricHistory(capacity: capacity)
        for s in 0...steps where h.wants(step: s) || s == steps {
            h.record(.init(step: s, loss: Double(s), lr: 0.1))
        }
        return h
    }

    @Test func staysBoundedAndSpansTheWholeRun() {
        for steps in [0, 1, 63, 64, 65, 1000, 100_000, 3_000_000] {
            let h = run(steps: steps, capacity: 64)
            let rows = h.rows
            #expect(rows.count <= 65)
            #expect(rows.first?.step == 0)
            #expect(rows.last?.step == steps)
            let kept = rows.dropLast()
            for (a, b) in zip(kept, kept.dropFirst()) { #expect(b.step > a.step) }
            #expect(h.stride & (h.stride - 1) == 0)
            // Resolution never falls below a sixteenth of the capacity once the run is long enough.
            if steps >= 64 { #expect(rows.count >= 4) }
        }
    }

    /// Evenly spread for a linear axis: no gap between kept rows is wider than twice the stride, and the stride
    /// is at most 16 × steps / capacity.
    @Test func linearAxisHasNoHoles() {
        let steps = 1_000_000, capacity = 64
        let h = run(steps: steps, capacity: capacity)
        let rows = h.rows
        #expect(Double(h.stride) <= 16 * Double(steps) / Double(capacity))
        for (a, b) in zip(rows, rows.dropFirst()) { #expect(b.step - a.step <= 2 * h.stride) }
    }

    /// Early detail for a log axis: with the sessions' capacity (1024) every decade of a million-step run keeps
    /// several rows (uniform decimation to that many rows kept one row below step 977), counted independently
    /// of the rule that kept them.
    @Test func logAxisKeepsEveryDecade() {
        let h = run(steps: 1_000_000, capacity: 1024)
        let steps = h.rows.map(\.step)
        for k in 0..<6 {
            let lo = Int(pow(10, Double(k))), hi = 10 * lo
            let n = steps.filter { $0 >= lo && $0 < hi }.count
            #expect(n >= 4, "decade [\(lo), \(hi)) has \(n) rows")
        }
        // No gap in log10(step) wider than two log gaps (the row before it would have been wanted).
        for (a, b) in zip(steps.dropFirst(), steps.dropFirst(2)) {
            #expect(log10(Double(b)) - log10(Double(a)) <= 2 * h.logGap + 1e-12 || b - a <= 2 * h.stride)
        }
    }

    /// `wantsEarly` asks for few rows: about a quarter of the capacity per thinning interval, not every step.
    @Test func earlyRowsAreFew() {
        var h = MetricHistory(capacity: 64)
        var evaluated = 0
        for s in 0...1_000_000 where h.wantsEarly(step: s) {
            evaluated += 1
            h.record(.init(step: s, loss: 1, lr: 0.1))
        }
        #expect(evaluated < 400)
        #expect(h.rows.count <= 65)
    }

    /// A one-step spike (a catapult) early in a long run survives every thinning.
    @Test func keepsASpike() {
        var h = MetricHistory(capacity: 64)
        for s in 0...200_000 where h.wants(step: s) || s == 37 || s == 200_000 {
            h.record(.init(step: s, loss: s == 37 ? 50 : 1 / (1 + Double(s)), lr: 0.1))
        }
        #expect(h.rows.contains { $0.step == 37 && $0.loss == 50 })
        #expect(h.rows.count <= 65)
    }

    @Test func keepsTheValuesOfTheKeptSteps() {
        let h = run(steps: 5000, capacity: 16)
        for row in h.rows { #expect(row.loss == Double(row.step)) }
    }

    /// Rows offered now and then (as the trainer queue does at each publish) are thinned the same way:
    /// bounded, spanning the whole run, increasing.
    @Test func irregularRowsAreThinnedToo() {
        var h = MetricHistory(capacity: 32)
        var step = 0
        for i in 0..<5000 {
            h.record(.init(step: step, loss: 1, lr: 0.1))
            step += 1 + (i * 7919) % 13
        }
        let rows = h.rows
        #expect(rows.count <= 33 && rows.count >= 4)
        #expect(rows.first?.step == 0 && rows.last?.step == h.latest?.step)
        for (a, b) in zip(rows, rows.dropFirst()) { #expect(b.step > a.step) }
    }

    @Test func resetForgetsEverything() {
        var h = run(steps: 500, capacity: 16)
        h.removeAll()
        #expect(h.isEmpty && h.rows.isEmpty && h.stride == 1 && h.logGap == 0)
    }
}
