import Foundation
import NNJSON
#if canImport(Glibc)
import Glibc
#endif

/// One value in a benchmark record (kept in insertion order so the JSON reads like the table).
public enum BenchValue: Sendable, Equatable {
    case string(String)
    case double(Double)
    case int(Int)
    case bool(Bool)
    case ints([Int])
    case doubles([Double])
    case null

    /// The value as JSON: numbers in Swift's shortest round-trip form, non-finite ones as null.
    public var jsonValue: JSONValue {
        func number(_ d: Double) -> JSONValue { d.isFinite ? .number(d, text: d.description) : .null }
        switch self {
        case .string(let s): return .string(s)
        case .double(let d): return number(d)
        case .int(let i): return .integer(i)
        case .bool(let b): return .bool(b)
        case .ints(let a): return .array(a.map { .integer($0) })
        case .doubles(let a): return .array(a.map(number))
        case .null: return .null
        }
    }
}

/// One measurement: `kind` (train, hessian, eigenvalues, hvp, lanczos, regions, frame, first_frame, memory),
/// the shape, the figure and its unit, and the statistics and checks that belong to it.
public struct BenchRecord: Sendable {
    /// The record's keys and values, in the order they were set (the order of the JSON object).
    public private(set) var fields: [(String, BenchValue)] = []

    public init(kind: String, config: String?, metric: String, unit: String) {
        self["kind"] = .string(kind)
        if let config { self["config"] = .string(config) }
        self["metric"] = .string(metric)
        self["unit"] = .string(unit)
    }

    public subscript(key: String) -> BenchValue? {
        get { fields.first { $0.0 == key }?.1 }
        set {
            if let i = fields.firstIndex(where: { $0.0 == key }) {
                if let newValue { fields[i].1 = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    /// Median, spread and repeat count of a timing (in the record's unit, via `scale`).
    mutating func set(_ s: BenchStats, scale: Double = 1, invert: Bool = false) {
        func v(_ x: Double) -> Double { invert ? scale / x : x * scale }
        self["median"] = .double(v(s.median))
        self["min"] = .double(invert ? v(s.max) : v(s.min))
        self["max"] = .double(invert ? v(s.min) : v(s.max))
        self["cpu_median"] = .double(v(s.cpuMedian))
        self["repeats"] = .int(s.count)
    }

    /// The record as one JSON object, keys in insertion order.
    public var json: String { JSONValue.object(JSONObject(fields.map { ($0.0, $0.1.jsonValue) })).serialized(pretty: false) }
}

/// Wall and CPU seconds of repeated calls: median, min, max.
struct BenchStats {
    var median: Double, min: Double, max: Double, cpuMedian: Double, count: Int
}

enum BenchClock {
    static func wall() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

    /// This process's CPU seconds (user + system): on a shared machine wall time also measures the others.
    static func cpu() -> Double {
        #if canImport(Glibc)
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
        #else
        return 0
        #endif
    }

    /// Times `body` `repeats` times after `warmup` untimed calls.
    static func measure(repeats: Int, warmup: Int = 1, _ body: () -> Void) -> BenchStats {
        for _ in 0..<warmup { body() }
        var w: [Double] = [], c: [Double] = []
        for _ in 0..<Swift.max(1, repeats) {
            let c0 = cpu(), w0 = wall()
            body()
            w.append(wall() - w0)
            c.append(cpu() - c0)
        }
        return stats(w, cpu: c)
    }

    static func stats(_ w: [Double], cpu c: [Double]) -> BenchStats {
        let ws = w.sorted(), cs = c.sorted()
        return BenchStats(median: median(ws), min: ws.first ?? .nan, max: ws.last ?? .nan, cpuMedian: median(cs),
                          count: ws.count)
    }

    static func median(_ s: [Double]) -> Double {
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Peak resident set size of this process so far, in MB (getrusage; Linux reports KB).
    static func peakRSSMegabytes() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_maxrss) / 1024
    }

    /// Seconds since this process started (from /proc; nil where unavailable).
    static func processAge() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let rest = stat[stat.index(after: close)...].split(separator: " ")
        // Fields after the command: state is field 3, starttime field 22 → index 19 here.
        guard rest.count > 19, let start = Double(rest[19]),
              let up = Double(uptime.split(separator: " ").first ?? "") else { return nil }
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return up - start / Swift.max(hz, 1)
    }

    /// The 1-minute load average (nil where unavailable).
    static func loadAverage() -> Double? {
        guard let s = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return Double(s.split(separator: " ").first ?? "")
    }
}
