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
        for steps in [0, 1, 63, 64, 65, 1000, 100_000] {
            let h = run(steps: steps, capacity: 64)
            let rows = h.rows
            #expect(rows.count <= 65)
            #expect(rows.first?.step == 0)
            #expect(rows.last?.step == steps)
            // Strictly increasing, evenly spaced by the stride except the final "now" row.
            let kept = rows.dropLast()
            for (a, b) in zip(kept, kept.dropFirst()) { #expect(b.step - a.step == h.stride) }
            #expect(h.stride & (h.stride - 1) == 0)
            // Resolution never falls below half the capacity once the run is long enough.
            if steps >= 64 { #expect(rows.count >= 32) }
        }
    }

    @Test func keepsTheValuesOfTheKeptSteps() {
        let h = run(steps: 5000, capacity: 16)
        for row in h.rows { #expect(row.loss == Double(row.step)) }
    }

    /// Rows offered now and then (as the trainer queue does at each publish) are thinned the same way:
    /// bounded, spanning the whole run, gaps at least the stride.
    @Test func irregularRowsAreThinnedToo() {
        var h = MetricHistory(capacity: 32)
        var step = 0
        for i in 0..<5000 {
            h.record(.init(step: step, loss: 1, lr: 0.1))
            step += 1 + (i * 7919) % 13
        }
        let rows = h.rows
        #expect(rows.count <= 33 && rows.count >= 16)
        #expect(rows.first?.step == 0 && rows.last?.step == h.latest?.step)
        let kept = rows.dropLast()
        for (a, b) in zip(kept, kept.dropFirst()) { #expect(b.step - a.step >= h.stride / 2 && b.step > a.step) }
    }

    @Test func resetForgetsEverything() {
        var h = run(steps: 500, capacity: 16)
        h.removeAll()
        #expect(h.isEmpty && h.rows.isEmpty && h.stride == 1)
    }
}
