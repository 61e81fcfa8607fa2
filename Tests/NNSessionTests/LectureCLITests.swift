import Foundation
import Testing
@testable import NNSession

/// `nnviz lecture --check` and `nnviz export --lecture` on small decks, as processes.
@Suite struct LectureCLITests {
    let cli = CLIProcessTests()

    /// A deck file in a fresh temporary directory (removed by the caller).
    static func deck(_ steps: String) throws -> (dir: String, path: String) {
        let dir = NSTemporaryDirectory() + "nnviz-lecture-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/deck.json"
        try Data(#"{"title": "Small deck", "steps": ["# .utf8).write(to: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((steps + "]}").utf8))
        try handle.close()
        return (dir, path)
    }

    static func object(_ line: Substring) throws -> JSONObject {
        guard case .object(let o) = try JSONParser.parse(String(line)) else { throw CLIError() }
        return o
    }
    struct CLIError: Error {}

    /// One JSON line per step: the hand-set sawtooth's claim holds (2⁴ − 1 = 15 kinks, at −2 + j/4 to 1e-9);
    /// a step without a claim says null; the same preset trained 300 steps on noisy targets away from its
    /// hand-set weights (inline overrides) fails, and the run exits 1 with one line naming the step.
    @Test func checkPrintsOneLinePerStepAndFailsOnAFalseClaim() throws {
        let (dir, path) = try Self.deck(#"""
            {"title": "hand-set", "preset": "sawtooth", "notes": ["a"]},
            {"title": "no claim", "preset": "default", "notes": ["b"]},
            {"title": "trained away", "preset": {"name": "sawtooth", "data": {"noise": 0.2}, "view": {"claim_step": 300}}, "notes": ["c"]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try cli.nnviz(["lecture", "--check", path])
        #expect(r.status == 1)
        #expect(r.err == "nnviz: claims failed at step 3 of \(path)\n")
        let lines = r.out.split(separator: "\n")
        try #require(lines.count == 3)
        let first = try Self.object(lines[0])
        #expect(first["step"] == .number(1) && first["preset"] == .string("sawtooth") && first["claim_ok"] == .bool(true))
        guard case .object(let numbers)? = first["numbers"] else { Issue.record("no numbers"); return }
        #expect(numbers["kinks"] == .number(15) && numbers["pieces"] == .number(16) && numbers["depth"] == .number(4))
        #expect(try Self.object(lines[1])["claim_ok"] == .null)
        let third = try Self.object(lines[2])
        #expect(third["claim_ok"] == .bool(false) && third["claim_step"] == .number(300))
        guard case .array(let failures)? = third["failures"] else { Issue.record("no failures"); return }
        #expect(failures.count == 1)
    }

    /// A deck whose claims hold exits 0.
    @Test func checkExitsZeroWhenEveryClaimHolds() throws {
        let (dir, path) = try Self.deck(#"""
            {"title": "width", "preset": "shallow-width", "notes": ["a"]},
            {"title": "depth", "preset": "depth-vs-width", "notes": ["b"]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try cli.nnviz(["lecture", "--check", path])
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        try #require(lines.count == 2)
        let second = try Self.object(lines[1])
        guard case .object(let numbers)? = second["numbers"] else { Issue.record("no numbers"); return }
        // [1,2,2,2,2,1] hand-set: 2⁴ − 1 kinks; [1,8,1]: at most its width.
        #expect(numbers["deep_hand_set_kinks"] == .number(15))
        guard case .number(let shallow, _)? = numbers["shallow_kinks"] else { Issue.record("no shallow kinks"); return }
        #expect(shallow <= 8)
    }

    /// `export --lecture`: each step's figures in DIR/NN-preset/; an experiment step is skipped with one line.
    @Test func exportWritesOneDirectoryPerStep() throws {
        let (dir, path) = try Self.deck(#"""
            {"title": "hand-set", "preset": "sawtooth", "notes": ["a"]},
            {"title": "sweep", "preset": "double-descent", "notes": ["b"]}
            """#)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/figures"
        let r = try cli.nnviz(["export", "--lecture", path, "--out", out])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err == "nnviz: step 2 (double-descent): an experiment preset has no figures to export; skipped\n")
        for name in ["fit.svg", "loss.svg", "network.svg", "frame.txt"] {
            #expect(FileManager.default.fileExists(atPath: out + "/01-sawtooth/" + name), "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/02-double-descent"))
        #expect(r.out.split(separator: "\n").allSatisfy { $0.hasPrefix(out + "/01-sawtooth/") })
    }

    /// The binary with `NNVIZ_LECTURE_STATE` set for it alone.
    static func nnviz(_ args: [String], state: String) throws -> CLIProcessTests.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try NNVizBinary.require())
        p.arguments = args
        p.currentDirectoryURL = CLIProcessTests.root
        var env = ProcessInfo.processInfo.environment.filter { $0.key != "NNVIZ_PRESETS" }
        env["NNVIZ_LECTURE_STATE"] = state
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLIProcessTests.Result(out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self),
                                      status: p.terminationStatus)
    }

    /// `--notes --once` prints the step the presenting instance wrote to its state file; without one it is a
    /// one-line error.
    @Test func notesFollowTheStateFile() throws {
        let dir = NSTemporaryDirectory() + "nnviz-notes-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = dir + "/state.json"
        let missing = try Self.nnviz(["lecture", "--notes", "--once"], state: state)
        #expect(missing.status == 1 && missing.err == "nnviz: \(state): no lecture is being presented (start `nnviz lecture` first)\n")
        try Data(#"{"step":7,"count":25,"preset":"kronecker","title":"The chain rule","notes":["a","b"],"next":"Gradient check"}"#.utf8)
            .write(to: URL(fileURLWithPath: state))
        let r = try Self.nnviz(["lecture", "--notes", "--once"], state: state)
        #expect(r.status == 0 && r.out == "step 7/25 · kronecker — The chain rule\n  • a\n  • b\n  next: Gradient check\n", "\(r.out)")
    }

    @Test func usageErrorsAreOneLine() throws {
        for (args, expected) in [
            (["lecture", "no-such-deck", "--check"], "nnviz: no-such-deck: unknown lecture deck (known: deep-architectures)"),
            (["lecture", "--step", "0"], "nnviz: --step must be >= 1, got 0"),
            (["lecture", "--step", "99", "--autoplay", "2"], "nnviz: --step 99: the deck presets/lectures/deep-architectures.json has 25 steps"),
            (["lecture", "--autoplay", "0"], "nnviz: --autoplay must be a number of seconds between 0.5 and 3600, got 0.0"),
            (["lecture", "--check", "--step", "2"], "nnviz: --check runs every step; give no --step or --autoplay"),
            (["export", "--out", "x"], "nnviz: give either --preset or --lecture"),
            (["lecture", "--step", "3"], "nnviz: the lecture needs a terminal on stdin and stdout"),
        ] {
            let r = try cli.nnviz(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.err.hasPrefix(expected) && r.err.split(separator: "\n").count == 1, "\(args): \(r.err)")
        }
    }
}
