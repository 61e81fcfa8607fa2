import NNAnalysis
import NNCore

/// What `nnviz train` and `nnviz inspect` print for an experiment preset (``ExperimentSpec``), produced
/// here so it can be tested without a process. A double-descent sweep has no optimiser steps: `train`
/// prints one JSON line per width, in increasing p, `inspect` writes the whole curve as one object.
public enum ExperimentLog {
    /// The sweep a preset describes; `seed` (from `--seed`) replaces the experiment's seed.
    public static func sweep(_ experiment: ExperimentSpec, seed: UInt64? = nil) -> DoubleDescentCurve.Sweep {
        var setup = experiment.doubleDescent
        if let seed { setup.seed = seed }
        return DoubleDescentCurve.Sweep(setup: setup, widths: experiment.widths)
    }

    /// `{"width":p,"train_error":…,"test_error":…}` (mean squared errors over the draws; `null` if not finite).
    public static func line(_ p: DoubleDescentCurve.Point) -> String {
        JSONValue.object(JSONObject([
            ("width", .integer(p.width)),
            ("train_error", TrainLog.value(p.trainError)),
            ("test_error", TrainLog.value(p.testError)),
        ])).serialized(pretty: false)
    }

    /// Runs the whole sweep, emitting one line per width as it is computed.
    public static func run(_ experiment: ExperimentSpec, seed: UInt64? = nil, emit: (String) -> Void) {
        var sweep = sweep(experiment, seed: seed)
        while let p = sweep.step() { emit(line(p)) }
    }

    /// The `inspect` object: the settings, every width's errors, the interpolation threshold n, the peak
    /// width and the classical minimum (the smallest test error for p < n; null without such widths).
    public static func report(_ experiment: ExperimentSpec, seed: UInt64? = nil) -> JSONValue {
        var sweep = sweep(experiment, seed: seed)
        var points: [DoubleDescentCurve.Point] = []
        while let p = sweep.step() { points.append(p) }
        let s = sweep.setup
        func num(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        let peak = points.indices.max { points[$0].testError < points[$1].testError }.map { points[$0].width }
        let classical = points.filter { $0.width < s.trainCount }.map(\.testError).min()
        return .object(JSONObject([
            ("experiment", .string(experiment.kind.rawValue)),
            ("input_dimension", .number(Double(s.inputDimension))),
            ("train_count", .number(Double(s.trainCount))),
            ("test_count", .number(Double(s.testCount))),
            ("noise", .number(s.noise)),
            ("draws", .number(Double(s.draws))),
            ("seed", .number(Double(s.seed))),
            ("interpolation_threshold", .number(Double(s.trainCount))),
            ("widths", .array(points.map { .number(Double($0.width)) })),
            ("train_errors", .array(points.map { num($0.trainError) })),
            ("test_errors", .array(points.map { num($0.testError) })),
            ("peak_width", peak.map { .number(Double($0)) } ?? .null),
            ("classical_minimum", classical.map(num) ?? .null),
        ]))
    }
}
