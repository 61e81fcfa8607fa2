import Foundation
import NNCore
import Testing
@testable import NNBench

/// The benchmark shapes and the structure of their measurements. Timings themselves belong to
/// `nnviz bench`, never to tests: nothing here depends on how fast the machine is.
struct BenchmarkTests {
    /// P = Σ (d_{ℓ−1} + 1)·d_ℓ over the layers, computed here from the widths.
    static func parameterCount(_ sizes: [Int]) -> Int {
        zip(sizes, sizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    @Test func benchmarkShapesAndData() {
        let P = TrainingBenchmark.Config.allCases.map { TrainingBenchmark.trainer($0).model.parameterCount }
        #expect(P == [593, 1185, 66817, 1969])  // the reference script's parameter counts
        #expect(P == TrainingBenchmark.Config.allCases.map { Self.parameterCount($0.sizes) })
        let saw = TrainingBenchmark.data(.c1)
        #expect(saw.count == 256 && saw.y.allSatisfy { $0 >= -1 && $0 < 1 })
        let spiral = TrainingBenchmark.data(.c2)
        #expect(spiral.count == 512 && spiral.y.filter { $0 == 1 }.count == 256)
        // The two arms are mirror images up to the noise.
        #expect(Swift.abs(spiral.x[0] + spiral.x[512]) < 0.2)
    }

    /// The sawtooth target against its closed form: 4 teeth on [−1, 1], y = 2·frac(2(x + 1)) − 1.
    @Test func sawtoothTargetMatchesItsClosedForm() {
        let d = TrainingBenchmark.data(.c1)
        for i in 0..<d.count {
            let x = d.x[i]
            let u = 2 * (x + 1)
            #expect(d.y[i] == 2 * (u - u.rounded(.down)) - 1)
            #expect(x == -1 + 2 * Double(i) / 255)
        }
    }

    /// What the timing loop reports is consistent, whatever the times: the shape's P, the requested number
    /// of rounds, at least one step per round, min ≤ median ≤ max, and training actually happened (the
    /// benchmark's trainer lowers C1's loss over the same number of steps the loop ran).
    @Test func trainingRunReportsConsistentResult() {
        let r = TrainingBenchmark.run(.c1, repeats: 3, minRoundSeconds: 0.001, warmupSteps: 2)
        #expect(r.config == .c1)
        #expect(r.parameterCount == 593)
        #expect(r.repeats == 3)
        #expect(r.stepsPerRound >= 1)
        #expect(r.minStepsPerSecond <= r.stepsPerSecond && r.stepsPerSecond <= r.maxStepsPerSecond)
        var t = TrainingBenchmark.trainer(.c1)
        let data = t.train
        let before = t.evaluate(data).loss
        _ = t.run(steps: 200)
        #expect(t.evaluate(data).loss < before)
    }

    /// Records keep their keys in insertion order, quote strings as JSON and write non-finite numbers as null.
    @Test func recordJSON() throws {
        var r = BenchRecord(kind: "train", config: "C1", metric: "train_steps_per_s", unit: "steps/s")
        r["P"] = .int(593)
        r["median"] = .double(.nan)
        r["note"] = .string("a \"quoted\"\nline")
        r["per_layer"] = .ints([1, 2])
        #expect(r.fields.map(\.0) == ["kind", "config", "metric", "unit", "P", "median", "note", "per_layer"])
        #expect(r.json == #"{"kind":"train","config":"C1","metric":"train_steps_per_s","unit":"steps/s","P":593,"median":null,"note":"a \"quoted\"\nline","per_layer":[1,2]}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any]
        #expect(parsed?["note"] as? String == "a \"quoted\"\nline")
        r["P"] = nil
        #expect(r["P"] == nil && r.fields.count == 7)
    }
}
