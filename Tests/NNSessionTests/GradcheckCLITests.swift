import Foundation
import Testing

/// `nnviz gradcheck` as a process (uses CLIProcessTests' runner; the binary must be built first).
@Suite struct GradcheckCLITests {
    let runner = CLIProcessTests()

    /// A smooth preset passes at 1e-6 with exit status 0 and prints one row per layer's W and b plus "all";
    /// the same run with an impossible threshold exits 1 and says why.
    @Test func smoothPresetPassesAndThresholdIsEnforced() throws {
        let ok = try runner.nnviz(["gradcheck", "--preset", "kronecker"])
        #expect(ok.status == 0, "\(ok.err)")
        let rows = ok.out.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        for name in ["W1", "b1", "W2", "b2", "W3", "b3", "all"] { #expect(rows.contains(name), "\(ok.out)") }
        #expect(ok.out.contains("PASS"))
        let strict = try runner.nnviz(["gradcheck", "--preset", "kronecker", "--threshold", "1e-15"])
        #expect(strict.status == 1)
        #expect(strict.out.contains("FAIL") && strict.err.contains("largest relative difference"))
    }

    @Test func reluPresetReportsKinkSkips() throws {
        let r = try runner.nnviz(["gradcheck", "--preset", "relu-regions", "--steps", "20", "--points", "40"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("skipped near kinks:"))
    }
}
