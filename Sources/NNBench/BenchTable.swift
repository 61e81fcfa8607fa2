import Foundation

/// Formats records as JSON Lines or as a readable table, one line each (without the newline).
public struct BenchTable {
    public let json: Bool

    public init(json: Bool) { self.json = json }

    /// The record's line: its JSON object, or its row of the readable table.
    public func format(_ r: BenchRecord) -> String { json ? r.json : line(r) }

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
