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

    /// Correct gradients that central differences cannot resolve to 1e-6 on their own scale: an exact zero
    /// gradient at the hand-set sawtooth's exact fit (it scored 1.00 on a 1.7e-14 central difference), and
    /// autodiff-cost's components of 4e-6 (it scored 6.6e-6; numpy backprop agrees with ours to 1e-15).
    @Test(arguments: ["sawtooth", "autodiff-cost"])
    func gradientsBelowTheResolutionPass(preset: String) throws {
        let r = try runner.nnviz(["gradcheck", "--preset", preset])
        #expect(r.status == 0 && r.err.isEmpty, "\(r.out)\(r.err)")
        #expect(r.out.contains("threshold 1.00e-06: PASS"))
    }

    /// A compare preset is checked on its first session (it used to check the base, which in depth-vs-width
    /// is the hand-set deep net: 25 parameters either way, so only the header's J told them apart), or on
    /// the one --session names; an unknown label is a usage error.
    @Test func comparePresetChecksTheNamedSession() throws {
        let first = try runner.nnviz(["gradcheck", "--preset", "depth-vs-width"])
        let shallow = try runner.nnviz(["gradcheck", "--preset", "depth-vs-width", "--session", "shallow [1,8,1]"])
        let deep = try runner.nnviz(["gradcheck", "--preset", "depth-vs-width", "--session", "deep, hand-set"])
        #expect(first.status == 0 && shallow.status == 0 && deep.status == 0, "\(first.err)\(deep.err)")
        let header = { (r: CLIProcessTests.Result) in r.out.split(separator: "\n").first.map(String.init) ?? "" }
        #expect(header(first) == header(shallow) && header(first) != header(deep))
        #expect(header(deep).hasSuffix("J = 0"), "\(header(deep))")
        let bad = try runner.nnviz(["gradcheck", "--preset", "depth-vs-width", "--session", "nope"])
        #expect(bad.status == 2 && bad.err.contains("no session labelled \"nope\"") && bad.err.split(separator: "\n").count == 1)
    }

    /// An infinite threshold would pass any gradient, NaN included: a usage error (it used to be accepted).
    @Test func infiniteThresholdIsAUsageError() throws {
        let r = try runner.nnviz(["gradcheck", "--preset", "kronecker", "--threshold", "inf"])
        #expect(r.status == 2 && r.out.isEmpty)
        #expect(r.err.contains("--threshold must be a finite number > 0") && r.err.split(separator: "\n").count == 1, "\(r.err)")
    }

    @Test func reluPresetReportsKinkSkips() throws {
        let r = try runner.nnviz(["gradcheck", "--preset", "relu-regions", "--steps", "20", "--points", "40"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("skipped near kinks:"))
    }
}
