import Foundation
import Testing
@testable import NNSession

/// A seeded corpus of hostile presets, CSV files and session files, each run through the real binary:
/// every case must end by exit 0, 1 or 2 (never a signal) within its time cap, with at most one line on
/// stderr, under a virtual-memory cap.
///
/// `swift test` runs 300 cases. At scale (see docs/limits.md):
///
///     NNVIZ_FUZZ_CASES=100000 NNVIZ_FUZZ_SEED=1 NNVIZ_FUZZ_JOBS=2 NNVIZ_FUZZ_BINARY=.build/release/nnviz \
///         nice swift test --filter HostileFuzzTests
///
/// `NNVIZ_FUZZ_FIRST=K` resumes at case K. Failing cases are kept in the directory printed at the end.
@Suite struct HostileFuzzTests {
    static let env = ProcessInfo.processInfo.environment

    struct Outcome { var status: Int32; var signalled: Bool; var timedOut: Bool; var err: String }

    /// Runs `binary args` under `ulimit -v` and a wall-clock cap, from the repository root.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: at tens of thousands of cases `Process` lost a
    /// child's termination once (the child a zombie, the run waiting forever on its handler). Here the
    /// harness reaps its own child, polls the deadline, and kills the child when it passes. stderr goes to a
    /// file (no pipe to drain), read back after the exit.
    static func run(_ binary: String, _ args: [String], environment: [String: String], seconds: Double,
                    memoryKB: Int) throws -> Outcome {
        let errPath = NSTemporaryDirectory() + "nnviz-fuzz-stderr-\(UUID().uuidString)"
        defer { unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let script = "cd \"$1\" || exit 125; shift; ulimit -v \(memoryKB); exec \"$@\""
        let argv = ["/bin/sh", "-c", script, "sh", CLIProcessTests.root.path, binary] + args
        let env = ProcessInfo.processInfo.environment.filter { $0.key != "NNVIZ_PRESETS" }.merging(environment) { $1 }
            .map { "\($0.key)=\($0.value)" }
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, cArgv, cEnv)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        var timedOut = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECHILD) }
            if Date() > deadline {
                timedOut = true
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(2_000)
        }
        let err = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
        // waitpid's status word: the low 7 bits a terminating signal (0: a normal exit), bits 8–15 the code.
        let signal = status & 0x7f
        return Outcome(status: signal == 0 ? (status >> 8) & 0xff : signal, signalled: signal != 0, timedOut: timedOut,
                       err: String(decoding: err, as: UTF8.self))
    }

    @Test func hostileCorpus() throws {
        let cases = Int(Self.env["NNVIZ_FUZZ_CASES"] ?? "") ?? 300
        let seed = UInt64(Self.env["NNVIZ_FUZZ_SEED"] ?? "") ?? 1
        // NNVIZ_FUZZ_BINARY picks another build (a release one at scale); by default the nnviz beside this test
        // bundle, so a release or custom scratch-path test run fuzzes its own binary, never a stale debug one.
        let binary = try Self.env["NNVIZ_FUZZ_BINARY"].map { $0.hasPrefix("/") ? $0 : CLIProcessTests.root.path + "/" + $0 }
            ?? NNVizBinary.require()
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build nnviz first: swift build")
        let dir = NSTemporaryDirectory() + "nnviz-fuzz-\(seed)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // A real session file to mutate.
        let base = dir + "/base-session.json"
        let made = try Self.run(binary, ["train", "--preset", "default", "--steps", "2", "--save", base], environment: [:],
                                seconds: 60, memoryKB: 4 << 20)
        try #require(made.status == 0, "\(made.err)")
        let session = try JSONParser.parse(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: base))))
        var generator = HostileInputGenerator(seed: seed, session: session)
        // Cases are generated in order (the seed decides them all) and run NNVIZ_FUZZ_JOBS at a time.
        let jobs = max(1, Int(Self.env["NNVIZ_FUZZ_JOBS"] ?? "") ?? 1)
        let results = FuzzResults()
        let start = Date()
        // NNVIZ_FUZZ_FIRST=N resumes a run: cases 0..<N are generated (the seed decides them in order) but not run.
        let first = min(cases, max(0, Int(Self.env["NNVIZ_FUZZ_FIRST"] ?? "") ?? 0))
        for index in 0..<first { try generator.next(in: dir, index: index).files.forEach { try? FileManager.default.removeItem(atPath: $0) } }
        var i = first
        while i < cases {
            var batch: [(Int, HostileInputGenerator.Case)] = []
            while batch.count < jobs * 4 && i < cases {
                batch.append((i, try generator.next(in: dir, index: i)))
                i += 1
            }
            let running = batch
            DispatchQueue.concurrentPerform(iterations: running.count) { k in
                let (index, c) = running[k]
                guard let o = try? Self.run(binary, c.arguments, environment: c.environment, seconds: c.seconds,
                                            memoryKB: 1 << 20) else { results.fail("case \(index): could not start"); return }
                let lines = o.err.split(separator: "\n", omittingEmptySubsequences: false).dropLast().count
                let ok = !o.signalled && !o.timedOut && [0, 1, 2].contains(o.status) && lines <= 1
                    && !o.err.contains("Fatal error")
                results.count(o.status)
                if Self.env["NNVIZ_FUZZ_VERBOSE"] == "1" { print("case \(index) \(c.kind) exit \(o.status): \(o.err.prefix(160))") }
                if !ok {
                    results.fail("case \(index) (\(c.kind)): nnviz \(c.arguments.joined(separator: " ")): "
                        + (o.timedOut ? "timed out" : o.signalled ? "signal \(o.status)" : "exit \(o.status)") + ", stderr: \(o.err.prefix(300))")
                } else {
                    c.files.forEach { try? FileManager.default.removeItem(atPath: $0) }
                }
            }
        }
        let (statuses, failures) = results.snapshot()
        let seconds = Int(Date().timeIntervalSince(start))
        let summary = "fuzz seed \(seed): cases \(first)..<\(cases) (\(cases - first)) in \(seconds) s, exits \(statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")), \(failures.count) failures (files in \(dir))"
        print(summary)
        #expect(failures.isEmpty, "\(summary)\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}

/// Outcomes gathered from concurrent cases.
final class FuzzResults: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int32: Int] = [:]
    private var failures: [String] = []

    func count(_ status: Int32) { lock.lock(); statuses[status, default: 0] += 1; lock.unlock() }
    func fail(_ message: String) { lock.lock(); failures.append(message); lock.unlock() }
    func snapshot() -> ([Int32: Int], [String]) { lock.lock(); defer { lock.unlock() }; return (statuses, failures.sorted()) }
}

/// The seeded generator: each case is a file (or a few) and the nnviz command that reads it.
struct HostileInputGenerator {
    struct Case: Sendable {
        var kind: String
        var arguments: [String]
        var environment: [String: String] = [:]
        var files: [String] = []
        var seconds: Double = 60
    }

    var state: UInt64
    let session: JSONValue

    init(seed: UInt64, session: JSONValue) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        self.session = session
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }

    static let presets = ["default", "moons", "regression-1d", "xor", "spiral", "relu-regions", "early-stopping", "optimizers"]

    /// Hostile replacements for one value.
    mutating func hostileValue() -> JSONValue {
        switch below(16) {
        case 0: return .number(1e308, text: "1e308")
        case 1: return .number(-1, text: "-1")
        case 2: return .number(0, text: "0")
        case 3: return .number(4611686018427387903, text: "4611686018427387903")
        case 4: return .number(9e15, text: "9000000000000000")
        case 5: return .string(String(repeating: "x", count: 1 + below(5000)))
        case 6: return .string("\u{1b}]0;t\u{07}\u{1b}[2J\r\u{9b}")
        case 7: return .array(Array(repeating: .array([]), count: below(2000)))
        case 8: return .null
        case 9: return .bool(true)
        case 10: return .number(1e-320, text: "1e-320")
        case 11: return .number(Double(below(5000)), text: String(below(5000)))
        case 12: return .object(JSONObject([("", .null)]))
        case 13: return .number(.infinity, text: "1" + String(repeating: "0", count: 400))
        case 14: return .array((0..<below(70)).map { _ in .number(Double(1 + below(700)), text: String(1 + below(700))) })
        default: return .string("")
        }
    }

    /// Replaces one random node of `v` (depth-first, with probability at each level) by a hostile value,
    /// or deletes a key, or adds an unknown one.
    mutating func mutate(_ v: JSONValue, depth: Int = 0) -> JSONValue {
        switch v {
        case .object(var o) where !o.keys.isEmpty && (depth == 0 || below(4) != 0):
            let key = pick(o.keys)
            switch below(10) {
            case 0: o[key] = nil
            case 1: o["zz_unknown_\(below(9))"] = hostileValue()
            default: o[key] = mutate(o[key] ?? .null, depth: depth + 1)
            }
            return .object(o)
        case .array(var a) where !a.isEmpty && below(4) != 0:
            let i = below(a.count)
            a[i] = mutate(a[i], depth: depth + 1)
            return .array(a)
        case .number(let x, _) where below(2) == 0:
            // A plausible value nearby, so that many cases get past validation and train or analyse.
            let y = x * pick([0.5, 2, 10, 0.1, -1, 3])
            return .number(y, text: JSONValue.formatNumber(y))
        default:
            return hostileValue()
        }
    }

    /// Byte-level damage to a text: truncation, an invalid UTF-8 byte, a NUL, or nothing.
    mutating func damage(_ text: String) -> [UInt8] {
        var b = Array(text.utf8)
        switch below(8) {
        case 0: b = Array(b.prefix(below(b.count + 1)))
        case 1: b.insert(pick([0xFF, 0xC0, 0x80, 0xED]), at: below(b.count + 1))
        case 2: b.insert(0, at: below(b.count + 1))
        default: break
        }
        return b
    }

    /// A CSV file of `cols` columns (inputs, then the target for `task`), with at most one hostile field.
    mutating func csvText(cols: Int, task: String) -> String {
        var rows: [String] = below(2) == 0 ? [(0..<cols).map { "c\($0)" }.joined(separator: ",")] : []
        // One hostile field (or none) in an otherwise ordinary file, so that many files get past validation.
        let hostileRow = below(2) == 0 ? below(61) : -1
        for r in 0..<(3 + below(60)) {
            rows.append((0..<cols).map { c in
                switch r == hostileRow ? below(8) : 8 {
                case 0: return "1e300"
                case 1: return "nan"
                case 2: return ""
                case 3: return "4\u{0}abc"
                case 4: return String(repeating: "9", count: 400)
                case 5: return "-0"
                case 6: return "1e-320"
                case 7: return "0.5;0.5"
                default:
                    if c == cols - 1 && task == "binary" { return String(below(2)) }
                    if c == cols - 1 && task == "multiclass" { return String(below(3)) }
                    return String(Double(below(2001)) / 1000 - 1)
                }
            }.joined(separator: ","))
        }
        return rows.joined(separator: pick(["\n", "\r\n", "\n\n"]))
    }

    mutating func write(_ bytes: [UInt8], _ path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    mutating func next(in dir: String, index i: Int) throws -> Case {
        switch below(3) {
        case 0:
            let name = Self.presets[below(Self.presets.count)]
            let text = try String(contentsOf: CLIProcessTests.root.appendingPathComponent("presets/\(name).json"), encoding: .utf8)
            var json = try JSONParser.parse(text)
            for _ in 0..<(1 + below(2) * below(3)) { json = mutate(json) }
            let path = "\(dir)/p\(i).json"
            try write(damage(json.serialized()), path)
            let steps = String(below(4))
            switch below(4) {
            case 0: return Case(kind: "preset/inspect", arguments: ["inspect", "--preset", path, "--steps", steps, "--out", "\(dir)/o\(i).json"],
                                files: [path, "\(dir)/o\(i).json"])
            case 1: return Case(kind: "preset/gradcheck", arguments: ["gradcheck", "--preset", path, "--steps", steps, "--points", "8"], files: [path])
            default: return Case(kind: "preset/train", arguments: ["train", "--preset", path, "--steps", steps], files: [path])
            }
        case 1:
            let csv = "\(dir)/d\(i).csv"
            let task = pick(["regression", "binary", "multiclass"])
            let cols = 2 + below(3)
            try write(below(4) == 0 ? damage(csvText(cols: cols, task: task)) : Array(csvText(cols: cols, task: task).utf8), csv)
            let es = below(3) == 0 ? #", "early_stopping": {"patience": 5}"# : ""
            let preset = """
                {"title": "fuzz", "description": "fuzz",
                 "data": {"kind": "csv", "path": "\(csv)", "task": "\(task)", "test_fraction": \(pick(["0", "0.2", "0.5"]))},
                 "model": {"layers": [\(below(8) == 0 ? 1 + below(4) : cols - 1), \(1 + below(8)), \(task == "multiclass" ? 3 : 1)]},
                 "training": {"optimizer": {"name": "sgd", "lr": 0.1}\(es)}}
                """
            let path = "\(dir)/c\(i).json"
            try write(Array(preset.utf8), path)
            return Case(kind: "csv/train", arguments: ["train", "--preset", path, "--steps", String(below(4))], files: [csv, path])
        default:
            var json = session
            for _ in 0...below(3) { json = mutate(json) }
            let path = "\(dir)/s\(i).json"
            try write(damage(json.serialized(pretty: false)), path)
            return Case(kind: "session/train", arguments: ["train", "--load", path, "--steps", String(below(4))], files: [path])
        }
    }
}
