import Foundation
import Testing
@testable import NNCore

/// Release-build training throughput for C1–C4. Skipped unless NNVIZ_BENCH=1 (benchmarks are never timed
/// tests): `NNVIZ_BENCH=1 swift test -c release --filter BenchmarkTests`.
struct BenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["NNVIZ_BENCH"] == "1"))
    func trainingStepsPerSecond() {
        let only = ProcessInfo.processInfo.environment["NNVIZ_BENCH_CONFIGS"]?.split(separator: ",").map(String.init)
        for config in TrainingBenchmark.Config.allCases where only?.contains(config.rawValue) ?? true {
            let r = TrainingBenchmark.run(config)
            print("bench \(config.rawValue) P=\(r.parameterCount) steps/s median \(Int(r.stepsPerSecond)) "
                  + "[\(Int(r.minStepsPerSecond)), \(Int(r.maxStepsPerSecond))] x\(r.repeats) of \(r.stepsPerRound); "
                  + "cpu-time median \(Int(r.cpuStepsPerSecond ?? 0))")
            #expect(r.stepsPerSecond > 0)
        }
    }

    @Test func benchmarkShapesAndData() {
        let P = TrainingBenchmark.Config.allCases.map { TrainingBenchmark.trainer($0).model.parameterCount }
        #expect(P == [593, 1185, 66817, 1969])  // the reference script's parameter counts
        let saw = TrainingBenchmark.data(.c1)
        #expect(saw.count == 256 && saw.y.allSatisfy { $0 >= -1 && $0 < 1 })
        let spiral = TrainingBenchmark.data(.c2)
        #expect(spiral.count == 512 && spiral.y.filter { $0 == 1 }.count == 256)
        // The two arms are mirror images up to the noise.
        #expect(Swift.abs(spiral.x[0] + spiral.x[512] ) < 0.2)
    }
}
