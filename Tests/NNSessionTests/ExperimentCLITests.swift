import Foundation
import Testing
@testable import NNSession

/// `nnviz train`, `inspect` and `gradcheck` on the `double-descent` experiment preset, as processes.
@Suite struct ExperimentCLITests {
    let cli = CLIProcessTests()

    /// One JSON line per width, in increasing p, equal to the library's lines; the claim holds on them.
    @Test func trainPrintsOneLinePerWidth() throws {
        let r = try cli.nnviz(["train", "--preset", "double-descent", "--steps", "0"])
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        let e = try #require(try PresetLibrary.load("double-descent").experiment)
        var expected: [String] = []
        ExperimentLog.run(e) { expected.append($0) }
        #expect(lines == expected && lines.count == e.sweepWidths.count)
        let first = try #require(lines.first)
        #expect(first.hasPrefix("{\"width\":2,\"train_error\":"))
    }

    @Test func inspectWritesTheCurveAndTheRestRefuse() throws {
        let out = NSTemporaryDirectory() + "nnviz-dd-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try cli.nnviz(["inspect", "--preset", "double-descent", "--out", out])
        #expect(r.status == 0, "\(r.err)")
        let json = try JSONParser.parse(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        guard case .object(let o) = json, case .number(let peak, _)? = o["peak_width"],
              case .number(let n, _)? = o["interpolation_threshold"] else { Issue.record("bad object"); return }
        #expect(peak >= 0.8 * n && peak <= 1.25 * n)
        let save = try cli.nnviz(["train", "--preset", "double-descent", "--steps", "0", "--save", out + ".s"])
        #expect(save.status == 2 && save.err == "nnviz: presets/double-descent.json: an experiment preset (double_descent) has no network: --save has no session to write\n")
        let grad = try cli.nnviz(["gradcheck", "--preset", "double-descent"])
        #expect(grad.status == 2 && grad.err.contains("has no network: nothing to gradcheck") && grad.err.split(separator: "\n").count == 1)
    }

    /// `export` used to write figures of the experiment's placeholder network (exit 0): it refuses now,
    /// with one line and exit 2, and creates nothing.
    @Test func exportRefusesAnExperimentPreset() throws {
        let dir = NSTemporaryDirectory() + "nnviz-dd-export-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try cli.nnviz(["export", "--preset", "double-descent", "--steps", "1", "--out", dir])
        #expect(r.status == 2 && r.out.isEmpty, "\(r.out)")
        #expect(r.err.hasPrefix("nnviz: presets/double-descent.json: an experiment preset (double_descent) has no network: no figures")
                && r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }
}
