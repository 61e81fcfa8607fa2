import ArgumentParser
import Foundation
import NNCore

/// `nnviz bench [--json] [--config C1,C2,C3,C4] [--quick] [--only SECTIONS]`: the performance figures of
/// DESIGN.md §6 — training steps/s, full Hessian, eigenvalues, one HVP, Lanczos (C3), exact region
/// counts, dashboard frame times, peak memory — each a median of repeats after warm-up, with its spread and
/// a validity check. Build with `swift build -c release` first: debug builds are 20–100× slower.
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

    static let sections = ["train", "hessian", "regions", "frame"]

    func validate() throws {
        for c in list(config) where TrainingBenchmark.Config(rawValue: c.uppercased()) == nil {
            throw ValidationError("--config: unknown shape \(c) (expected C1, C2, C3 or C4)")
        }
        for s in list(only) where !Self.sections.contains(s) {
            throw ValidationError("--only: unknown section \(s) (expected \(Self.sections.joined(separator: ", ")))")
        }
    }

    func list(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let configs = list(config).compactMap { TrainingBenchmark.Config(rawValue: $0.uppercased()) }
        let sections = Set(list(only))
        let fx = BenchFixtures(explicit: fixtures)
        let m = BenchMeasurements(quick: quick, fixtures: fx)
        let table = BenchTable(json: json)
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
        meta["quick"] = .bool(quick)
        meta["fixtures"] = fx.directory.map { .string($0) } ?? .null
        meta["loadavg_start"] = BenchClock.loadAverage().map { .double($0) } ?? .null
        table.emit(meta)
        // The first frame first: its time from process start means something only before other work.
        if sections.contains("frame") {
            for p in list(presets) { try BenchFrame(quick: quick).measure(preset: p).forEach(table.emit) }
        }
        for c in configs {
            if sections.contains("train") { m.training(c).forEach(table.emit) }
            if sections.contains("hessian") {
                try (c == .c3 ? m.largeHessian(c) : m.hessian(c)).forEach(table.emit)
            }
        }
        if sections.contains("regions") { try m.regions().forEach(table.emit) }
        var end = BenchRecord(kind: "memory", config: nil, metric: "peak_rss_mb", unit: "MB")
        end["median"] = .double(BenchClock.peakRSSMegabytes())
        end["note"] = .string("peak resident memory of the whole run (getrusage)")
        end["loadavg_end"] = BenchClock.loadAverage().map { .double($0) } ?? .null
        table.emit(end)
    }
}

/// Prints records as JSON Lines or as a readable table, one line each, as they are measured.
struct BenchTable {
    let json: Bool

    /// One line per record as soon as it is measured; a reader that went away ends the run (StandardStreams).
    func emit(_ r: BenchRecord) {
        StandardStreams.writeOrExit((json ? r.json : line(r)) + "\n")
    }

    func line(_ r: BenchRecord) -> String {
        func s(_ k: String) -> String {
            switch r[k] {
            case .string(let v)?: return v
            case .int(let v)?: return String(v)
            case .double(let v)?: return Self.number(v)
            case .bool(let v)?: return v ? "yes" : "NO"
            case .ints(let v)?: return v.map(String.init).joined(separator: ",")
            case .doubles(let v)?: return v.prefix(3).map(Self.number).joined(separator: ",") + (v.count > 3 ? ",…" : "")
            default: return ""
            }
        }
        let kind = s("kind")
        if kind == "meta" {
            return "nnviz bench (\(s("build")) build, \(s("dtype")), \(s("threads")) thread) load average \(s("loadavg_start"))"
                + (r["fixtures"].map { if case .string = $0 { return "; reference fixtures" } else { return "; no fixtures" } } ?? "")
        }
        let unit = s("unit")
        var text = (s("config") + " " + s("metric")).padding(toLength: 30, withPad: " ", startingAt: 0)
        let value = unit == "s" ? Self.duration(r["median"]) : s("median") + " " + unit
        text += value.padding(toLength: 14, withPad: " ", startingAt: 0)
        if r["min"] != nil {
            let lo = unit == "s" ? Self.duration(r["min"]) : s("min")
            let hi = unit == "s" ? Self.duration(r["max"]) : s("max")
            text += "[\(lo) … \(hi)] n=\(s("repeats"))"
        }
        var extras: [String] = []
        for key in ["P", "per_layer", "regioncam_per_layer", "hess_trace", "hutchinson_trace", "eig_min", "eig_max",
                    "hvp_vs_hess_relerr", "hvp_vs_fd_relerr", "plain_hvp_s", "hvp_vs_plain_relerr", "setup_s", "hvps",
                    "complete_with_spectrum_s", "note"]
        where r[key] != nil {
            extras.append("\(key)=" + (key.hasSuffix("_s") ? Self.duration(r[key]) : s(key)))
        }
        if kind == "train" { extras.insert("cpu-time median \(s("cpu_median")) steps/s", at: 0) }
        if r["valid"] != nil { extras.append("valid=\(s("valid"))") }
        return text + (extras.isEmpty ? "" : "  " + extras.joined(separator: " "))
    }

    static func number(_ v: Double) -> String {
        if v == v.rounded() && Swift.abs(v) < 1e9 { return String(Int(v)) }
        return Swift.abs(v) >= 100 ? String(format: "%.0f", v) : String(format: "%.4g", v)
    }

    static func duration(_ v: BenchValue?) -> String {
        guard case .double(let x)? = v else { return "-" }
        if x < 1e-3 { return String(format: "%.1f µs", x * 1e6) }
        if x < 1 { return String(format: "%.2f ms", x * 1e3) }
        return String(format: "%.3f s", x)
    }
}
