import Foundation
import Testing

/// `nnviz train`, `inspect` and `presets` on compare presets, through the real binary (build it first).
@Suite struct CompareCLITests {
    let cli = CLIProcessTests()

    /// Every session's lines at each printed step, "session" first, in preset order; a diverging session is
    /// named on stderr and the run still exits 0.
    @Test func trainPrintsEverySessionWithItsLabel() throws {
        let r = try cli.nnviz(["train", "--preset", "learning-rates", "--steps", "200", "--every", "100"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n").map(String.init)
        let labels = ["too small η=0.005", "right η=0.1", "too large η=0.25", "diverging η=2"]
        for (i, label) in labels.enumerated() { #expect(lines[i].hasPrefix("{\"session\":\"\(label)\",\"step\":0,")) }
        // The diverging session's last line is at its divergence step, the others reach 200.
        #expect(lines.filter { $0.contains("\"step\":200,") }.count == 3)
        #expect(lines.contains { $0.hasPrefix("{\"session\":\"diverging η=2\",\"step\":96,") })
        #expect(r.err.contains("session \"diverging η=2\" diverged at step 96 (non-finite loss)"))
        // --session: one session, the ordinary output.
        let one = try cli.nnviz(["train", "--preset", "learning-rates", "--steps", "2", "--session", "right η=0.1"])
        #expect(one.status == 0 && one.out.hasPrefix("{\"step\":0,") && !one.out.contains("session"))
    }

    /// Every session of a compare preset diverging still gives one line on stderr (found by the fuzz corpus:
    /// early-stopping with lr 1e308 printed a line per session), naming each session and its step; exit 0.
    @Test func everySessionDivergingIsOneLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-diverge-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("all-diverge.json").path
        let shipped = try String(contentsOf: CLIProcessTests.root.appendingPathComponent("presets/early-stopping.json"), encoding: .utf8)
        #expect(shipped.contains(#""lr": 0.01"#))
        try Data(shipped.replacingOccurrences(of: #""lr": 0.01"#, with: #""lr": 1e308"#).utf8).write(to: URL(fileURLWithPath: path))
        let r = try cli.nnviz(["train", "--preset", path, "--steps", "3"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(r.err.hasPrefix("nnviz: \(path): every session diverged: \"none\" at step ") && r.err.contains("\"early stopping (200)\" at step ")
                && r.err.hasSuffix("; training stopped there\n"), "\(r.err)")
    }

    @Test func sessionOptionErrors() throws {
        let bad = try cli.nnviz(["train", "--preset", "optimizers", "--steps", "1", "--session", "Adagrad"])
        #expect(bad.status == 2)
        #expect(bad.err.hasSuffix(#"no session labelled "Adagrad" (sessions: "SGD", "momentum 0.9", "Adam", "AdamW (decay 0.01)")"# + "\n"))
        let plain = try cli.nnviz(["train", "--preset", "xor", "--steps", "1", "--session", "SGD"])
        #expect(plain.status == 2 && plain.err.contains("--session needs a compare preset"))
        let save = try cli.nnviz(["train", "--preset", "optimizers", "--steps", "1", "--save", "/tmp/x.nnviz.json"])
        #expect(save.status == 2 && save.err.contains("add --session LABEL"))
    }

    /// `inspect` on a compare preset: the first session by default, another with --session.
    @Test func inspectPicksASession() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-compare-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func inspect(_ extra: [String], _ name: String) throws -> Data {
            let out = dir.appendingPathComponent(name).path
            let r = try cli.nnviz(["inspect", "--preset", "depth-vs-width", "--out", out] + extra)
            #expect(r.status == 0, "\(r.err)")
            return try Data(contentsOf: URL(fileURLWithPath: out))
        }
        let first = try inspect([], "a.json"), shallow = try inspect(["--session", "shallow [1,8,1]"], "b.json")
        let deep = try inspect(["--session", "deep, hand-set"], "c.json")
        #expect(first == shallow && first != deep)
        let report = try #require(try JSONSerialization.jsonObject(with: deep) as? [String: Any])
        #expect(report["parameter_count"] as? Int == 25 && (report["kinks"] as? [Any])?.count == 15)
    }

    @Test func presetsMarksComparePresets() throws {
        let r = try cli.nnviz(["presets"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("optimizers ") && $0.hasSuffix("[compare: SGD | momentum 0.9 | Adam | AdamW (decay 0.01)]") })
        #expect(lines.contains { $0.hasPrefix("xor ") && !$0.contains("[compare") })
    }
}
