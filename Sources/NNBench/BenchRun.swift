import Foundation

/// A benchmark that could not run (a preset that does not load, a computation that failed): one line.
public struct BenchError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What to measure: the shapes, the sections, and how hard.
public struct BenchOptions: Sendable {
    /// The sections of a run, in the order they are named on the command line.
    public static let sections = ["train", "hessian", "regions", "frame"]

    public var configs: [TrainingBenchmark.Config]
    public var sections: Set<String>
    /// Fewer repeats: a smoke test, not a measurement.
    public var quick: Bool
    /// Directory of the reference fixtures (nil: `Tests/Fixtures/analysis` of the checkout, if found).
    public var fixtures: String?
    /// Presets whose dashboard frames are timed.
    public var presets: [String]

    public init(configs: [TrainingBenchmark.Config], sections: Set<String>, quick: Bool, fixtures: String?,
                presets: [String]) {
        self.configs = configs
        self.sections = sections
        self.quick = quick
        self.fixtures = fixtures
        self.presets = presets
    }
}

/// One run of `nnviz bench`: a `meta` record, the frame timings, then per shape training and Hessian
/// figures, the region counts and the run's peak memory, each handed to `emit` as soon as it is measured.
public enum BenchRun {
    public static func run(_ options: BenchOptions, emit: (BenchRecord) -> Void) throws {
        let fx = BenchFixtures(explicit: options.fixtures)
        let m = BenchMeasurements(quick: options.quick, fixtures: fx)
        var meta = BenchRecord(kind: "meta", config: nil, metric: "environment", unit: "")
        meta["tool"] = .string("nnviz")
        meta["date"] = .string(ISO8601DateFormatter().string(from: Date()))
        #if DEBUG
        meta["build"] = .string("debug")
        #else
        meta["build"] = .string("release")
        #endif
        meta["threads"] = .int(1)
        meta["dtype"] = .string("float64")
        meta["quick"] = .bool(options.quick)
        meta["fixtures"] = fx.directory.map { .string($0) } ?? .null
        meta["loadavg_start"] = BenchClock.loadAverage().map { .double($0) } ?? .null
        emit(meta)
        // The first frame first: its time from process start means something only before other work.
        if options.sections.contains("frame") {
            for p in options.presets { try BenchFrame(quick: options.quick).measure(preset: p).forEach(emit) }
        }
        for c in options.configs {
            if options.sections.contains("train") { m.training(c).forEach(emit) }
            if options.sections.contains("hessian") {
                try (c == .c3 ? m.largeHessian(c) : m.hessian(c)).forEach(emit)
            }
        }
        if options.sections.contains("regions") { try m.regions().forEach(emit) }
        var end = BenchRecord(kind: "memory", config: nil, metric: "peak_rss_mb", unit: "MB")
        end["median"] = .double(BenchClock.peakRSSMegabytes())
        end["note"] = .string("peak resident memory of the whole run (getrusage)")
        end["loadavg_end"] = BenchClock.loadAverage().map { .double($0) } ?? .null
        emit(end)
    }
}
