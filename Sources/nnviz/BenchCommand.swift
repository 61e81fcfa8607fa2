import ArgumentParser
import Foundation
import NNBench

/// `nnviz bench [--json] [--config C1,C2,C3,C4] [--quick] [--only SECTIONS]`: the performance figures of the
/// benchmark shapes (docs/performance.md) — training steps/s, full Hessian, eigenvalues, one HVP, Lanczos
/// (C3), exact region counts, dashboard frame times, peak memory — each a median of repeats after warm-up,
/// with its spread and a validity check. The measuring is NNBench's; this is the command line around it.
/// Build with `swift build -c release` first: debug builds are 20–100× slower.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the benchmark shapes C1-C4 and print one measurement per line.",
        discussion: """
            Sections: train, hessian (C1, C2, C4: full Hessian, eigenvalues, one HVP; C3: one HVP and Lanczos \
            top-10), regions (exact 2D counts), frame (dashboard render at 200x60, first frame). Figures are \
            medians with min/max over repeats; "valid" says whether the numbers passed their cross-check. \
            Use a release build.
            """
    )

    @Flag(help: "One JSON object per measurement (JSON Lines).")
    var json = false

    @Option(help: "Comma-separated shapes among C1,C2,C3,C4.")
    var config: String = "C1,C2,C3,C4"

    @Flag(help: "Fewer repeats (a smoke test, not a measurement).")
    var quick = false

    @Option(help: "Comma-separated sections among train,hessian,regions,frame.")
    var only: String = "train,hessian,regions,frame"

    @Option(help: "Directory of the reference fixtures (default: Tests/Fixtures/analysis of the checkout).")
    var fixtures: String?

    @Option(help: "Comma-separated presets for the frame timings.")
    var presets: String = "default,spiral"

    func validate() throws {
        for c in list(config) where TrainingBenchmark.Config(rawValue: c.uppercased()) == nil {
            throw ValidationError("--config: unknown shape \(c) (expected C1, C2, C3 or C4)")
        }
        for s in list(only) where !BenchOptions.sections.contains(s) {
            throw ValidationError("--only: unknown section \(s) (expected \(BenchOptions.sections.joined(separator: ", ")))")
        }
    }

    func list(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let options = BenchOptions(
            configs: list(config).compactMap { TrainingBenchmark.Config(rawValue: $0.uppercased()) },
            sections: Set(list(only)), quick: quick, fixtures: fixtures, presets: list(presets))
        let table = BenchTable(json: json)
        do {
            // One line per record as soon as it is measured; a reader that went away ends the run.
            try BenchRun.run(options) { StandardStreams.writeOrExit(table.format($0) + "\n") }
        } catch let error as BenchError {
            throw CLIError.failure(error.message)
        }
    }
}
