import Foundation
import Testing
@testable import NNSession
import NNAnalysis
import NNCore

/// An experiment preset (`"experiment"` at the top level instead of data/model/training).
func experimentText(_ experiment: String, extra: String = "") -> String {
    #"{"title": "DD", "description": "one line", "experiment": \#(experiment)\#(extra)}"#
}

let malformedExperiments: [MalformedCase] = [
    .init(text: experimentText("3"),
          expected: #"presets/x.json: experiment: expected an object {"kind": "double_descent", ...}, got 3"#),
    .init(text: experimentText("{}"),
          expected: "presets/x.json: experiment.kind: missing (expected an experiment kind (one of: double_descent))"),
    .init(text: experimentText(#"{"kind": "triple_descent"}"#),
          expected: #"presets/x.json: experiment.kind: expected an experiment kind (one of: double_descent), got "triple_descent""#),
    .init(text: experimentText(#"{"kind": "double_descent", "depth": 3}"#),
          expected: "presets/x.json: experiment.depth: unknown key (expected one of: kind, input_dimension, train_count, test_count, noise, draws, widths, seed)"),
    .init(text: experimentText(#"{"kind": "double_descent", "input_dimension": 0}"#),
          expected: "presets/x.json: experiment.input_dimension: expected an integer between 1 and 100, got 0"),
    .init(text: experimentText(#"{"kind": "double_descent", "train_count": 1}"#),
          expected: "presets/x.json: experiment.train_count: expected an integer between 2 and 1000, got 1"),
    .init(text: experimentText(#"{"kind": "double_descent", "test_count": 2.5}"#),
          expected: "presets/x.json: experiment.test_count: expected an integer between 1 and 10000, got 2.5"),
    .init(text: experimentText(#"{"kind": "double_descent", "noise": -1}"#),
          expected: "presets/x.json: experiment.noise: expected a number between 0 and 10, got -1"),
    .init(text: experimentText(#"{"kind": "double_descent", "draws": 0}"#),
          expected: "presets/x.json: experiment.draws: expected an integer between 1 and 100, got 0"),
    .init(text: experimentText(#"{"kind": "double_descent", "seed": -1}"#),
          expected: "presets/x.json: experiment.seed: expected an integer seed between 0 and 2^53, got -1"),
    .init(text: experimentText(#"{"kind": "double_descent", "widths": "many"}"#),
          expected: #"presets/x.json: experiment.widths: expected "auto" or an array of 1 to 200 increasing widths between 1 and 100000, got "many""#),
    .init(text: experimentText(#"{"kind": "double_descent", "widths": []}"#),
          expected: #"presets/x.json: experiment.widths: expected "auto" or an array of 1 to 200 increasing widths between 1 and 100000, got an empty array"#),
    .init(text: experimentText(#"{"kind": "double_descent", "widths": [0]}"#),
          expected: "presets/x.json: experiment.widths[0]: expected a width between 1 and 100000, got 0"),
    .init(text: experimentText(#"{"kind": "double_descent", "widths": [10, 10]}"#),
          expected: "presets/x.json: experiment.widths[1]: expected a width larger than the one before (10): widths increase, got 10"),
    .init(text: experimentText(#"{"kind": "double_descent", "draws": 100, "test_count": 10000, "widths": [100000]}"#),
          expected: "presets/x.json: experiment: expected at most 10000000 feature values (draws × (train_count + test_count) × largest width), got 100400000000"),
    .init(text: presetText(extra: #", "experiment": {"kind": "double_descent"}"#),
          expected: #"presets/x.json: data: expected no "data" in an experiment preset (the experiment makes its own data and model)"#),
    .init(text: experimentText(#"{"kind": "double_descent"}"#, extra: #", "training": {}"#),
          expected: #"presets/x.json: training: expected no "training" in an experiment preset (the experiment makes its own data and model)"#),
    .init(text: experimentText(#"{"kind": "double_descent"}"#, extra: #", "compare": [{"label": "a"}, {"label": "b"}]"#),
          expected: #"presets/x.json: compare: expected no "compare" in an experiment preset (it has no sessions to compare)"#),
    .init(text: experimentText(#"{"kind": "double_descent"}"#, extra: #", "view": {"panes": ["double_descent", "x"]}"#),
          expected: #"presets/x.json: view.panes[1]: expected a pane name (one of: \#(ViewSpec.knownPanes.joined(separator: ", "))), got "x""#),
]

@Suite struct ExperimentPresetTests {
    @Test("a malformed experiment is refused with its exact one-line error", arguments: malformedExperiments)
    func malformedExperimentIsRefused(_ c: MalformedCase) {
        #expect(presetError(c.text) == c.expected)
    }

    @Test func defaultsAndExplicitValuesAreRead() throws {
        let minimal = try Preset.parse(experimentText(#"{"kind": "double_descent"}"#), file: "presets/dd.json")
        let e = try #require(minimal.experiment)
        #expect(e.doubleDescent == DoubleDescentCurve.Setup() && e.widths == nil)
        #expect(e.sweepWidths == DoubleDescentCurve.defaultWidths(n: 40))
        #expect(minimal.view.panes == ["double_descent"])
        let full = try Preset.parse(experimentText(
            #"{"kind": "double_descent", "input_dimension": 3, "train_count": 12, "test_count": 30, "noise": 0.5, "draws": 2, "widths": [1, 12, 40], "seed": 9}"#),
            file: "presets/dd.json")
        let f = try #require(full.experiment)
        #expect(f.doubleDescent.inputDimension == 3 && f.doubleDescent.trainCount == 12 && f.doubleDescent.testCount == 30)
        #expect(f.doubleDescent.noise == 0.5 && f.doubleDescent.draws == 2 && f.doubleDescent.seed == 9)
        #expect(f.widths == [1, 12, 40] && full.training.seed == 9)
    }

    /// Written and read back: the same preset, with no data/model/training keys (the stand-in is not written).
    @Test func experimentPresetsRoundTrip() throws {
        let shipped = try PresetLibrary.load("double-descent")
        var explicit = shipped
        explicit.experiment?.widths = [2, 40, 400]
        explicit.experiment?.doubleDescent.noise = 0.35
        for p in [shipped, explicit] {
            let json = p.json
            guard case .object(let o) = json else { Issue.record("not an object"); continue }
            #expect(o["data"] == nil && o["model"] == nil && o["training"] == nil && o["experiment"] != nil)
            #expect(try Preset.parse(json.serialized(), file: p.source, name: p.name) == p)
        }
    }

    /// The lecture's claim on the shipped preset's own settings: the test error peaks at p within
    /// [0.8n, 1.25n], and the largest p's test error is below the classical minimum (best p < n). The
    /// points come from the incremental sweep the dashboard and `nnviz train` use.
    @Test func doubleDescentPresetShowsThePeakAtNAndTheSecondDescent() throws {
        let preset = try PresetLibrary.load("double-descent")
        let e = try #require(preset.experiment)
        #expect(e.doubleDescent.inputDimension >= 5)
        var sweep = ExperimentLog.sweep(e)
        var points: [DoubleDescentCurve.Point] = []
        while let p = sweep.step() { points.append(p) }
        let n = Double(e.doubleDescent.trainCount)
        let report = points.map { "\($0.width):\($0.testError)" }.joined(separator: " ")
        let peak = try #require(points.max { $0.testError < $1.testError })
        #expect(Double(peak.width) >= 0.8 * n && Double(peak.width) <= 1.25 * n, "\(report)")
        let classical = try #require(points.filter { Double($0.width) < n }.map(\.testError).min())
        let last = try #require(points.last)
        #expect(last.width == e.sweepWidths.last && last.testError < classical, "\(report)")
    }

    /// `train`'s lines and `inspect`'s object carry the batch curve's numbers.
    @Test func logLinesAndReportMatchTheBatchCurve() throws {
        var setup = DoubleDescentCurve.Setup()
        setup.inputDimension = 3; setup.trainCount = 10; setup.testCount = 20; setup.draws = 2; setup.seed = 5
        let e = ExperimentSpec(doubleDescent: setup, widths: [2, 10, 30])
        let curve = DoubleDescentCurve(setup: setup, widths: [2, 10, 30])
        var lines: [String] = []
        ExperimentLog.run(e) { lines.append($0) }
        #expect(lines.count == 3)
        #expect(lines[1] == "{\"width\":10,\"train_error\":\(curve.trainErrors[1]),\"test_error\":\(curve.testErrors[1])}")
        let parsed = try JSONParser.parse(bytes: Array(ExperimentLog.report(e).serialized().utf8))
        guard case .object(let o) = parsed, case .array(let tests)? = o["test_errors"],
              case .number(let peak, _)? = o["peak_width"] else { Issue.record("bad report \(parsed)"); return }
        #expect(tests.compactMap { if case .number(let x, _) = $0 { return x } else { return nil } } == curve.testErrors)
        #expect(Int(peak) == curve.peakWidth)
        // --seed replaces the experiment's seed.
        var other: [String] = []
        ExperimentLog.run(e, seed: 6) { other.append($0) }
        #expect(other != lines)
    }

    /// A CSV path inside the preset's directory is written relative to it, so the preset re-parses to the
    /// same path; one outside stays as it is.
    @Test func csvPathsAreWrittenRelativeToThePresetFile() throws {
        let p = try Preset.parse(presetText(data: #"{"kind": "csv", "path": "data/d.csv", "task": "binary"}"#), file: "some/dir/p.json")
        #expect(p.data.csv?.path == "some/dir/data/d.csv")
        guard case .object(let root) = p.json, case .object(let data)? = root["data"] else { Issue.record("no data"); return }
        #expect(data["path"] == .string("data/d.csv"))
        #expect(try Preset.parse(p.json.serialized(), file: p.source, name: p.name) == p)
        let abs = try Preset.parse(presetText(data: #"{"kind": "csv", "path": "/tmp/d.csv", "task": "binary"}"#), file: "some/dir/p.json")
        guard case .object(let root2) = abs.json, case .object(let data2)? = root2["data"] else { Issue.record("no data"); return }
        #expect(data2["path"] == .string("/tmp/d.csv"))
    }
}
