import Foundation
import NNCore
import Testing
@testable import NNSession

/// Bad input through the real binary: every case is exactly one line on stderr that names the file, the
/// field or line and what was expected; exit 2 for usage errors, 1 for others; never a trap or a stack
/// trace (a trap would end the process by a signal, not an exit status, and print "Fatal error").
@Suite struct BadInputProcessTests {
    let cli = CLIProcessTests()
    static let dir: String = {
        let d = NSTemporaryDirectory() + "nnviz-badinput-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func write(_ name: String, _ text: String) throws -> String {
        let path = Self.dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs nnviz and checks the one-line, exit-code contract; returns stderr without "nnviz: " and "\n".
    @discardableResult
    func fails(_ args: [String], status: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try cli.nnviz(args)
        #expect(r.status == status, "\(args): status \(r.status), \(r.err)", sourceLocation: sourceLocation)
        #expect(r.err.hasPrefix("nnviz: ") && r.err.hasSuffix("\n") && r.err.split(separator: "\n").count == 1,
                "\(args): \(r.err)", sourceLocation: sourceLocation)
        #expect(!r.err.contains("Fatal error") && !r.err.contains("Stack dump"), sourceLocation: sourceLocation)
        return String(r.err.dropFirst(7).dropLast())
    }

    func csvPreset(_ csvName: String) throws -> String {
        try write("p-\(csvName).json", presetText(data: #"{"kind": "csv", "path": "\#(Self.dir)/\#(csvName)"}"#,
                                                  model: #"{"layers": [1, 4, 1]}"#))
    }

    @Test func commandLineValues() throws {
        #expect(try fails(["train", "--preset", "moons", "--steps=-1"], status: 2) == "--steps must be >= 0, got -1 (see nnviz --help)")
        #expect(try fails(["train", "--preset", "moons", "--steps", "1", "--every", "0"], status: 2) == "--every must be >= 1, got 0 (see nnviz --help)")
        #expect(try fails(["train", "--preset", "moons", "--steps", "1", "--seed", "abc"], status: 2)
                == "The value 'abc' is invalid for '--seed <seed>' (see nnviz --help)")
        #expect(try fails(["train", "--preset", "no-such-preset", "--steps", "1"], status: 2).hasPrefix("no-such-preset: unknown preset (known: "))
        #expect(try fails(["train", "--preset", Self.dir, "--steps", "1"], status: 2) == "\(Self.dir): is a directory (expected a file)")
        #expect(try fails(["train", "--preset", Self.dir + "/none.json", "--steps", "1"], status: 2) == "\(Self.dir)/none.json: no such file")
        #expect(try fails(["train", "--steps", "1"], status: 2) == "give --preset NAME|PATH or --load FILE (see nnviz --help)")
        #expect(try fails(["train", "--preset", "moons", "--load", "x.json", "--steps", "1"], status: 2)
                == "give either --preset or --load, not both (see nnviz --help)")
        #expect(try fails(["inspect", "--preset", "moons", "--out", "/nonexistent-dir/r.json"], status: 2)
                == "--out /nonexistent-dir/r.json: no such directory /nonexistent-dir (see nnviz --help)")
        #expect(try fails(["inspect", "--preset", "moons", "--out", Self.dir], status: 2)
                == "--out \(Self.dir): is a directory (expected a file name) (see nnviz --help)")
        #expect(try fails(["train", "--preset", "moons", "--steps", "1", "--save", "/nonexistent-dir/s.json"], status: 2)
                == "--save /nonexistent-dir/s.json: no such directory /nonexistent-dir (see nnviz --help)")
        #expect(try fails(["train", "--load", Self.dir + "/none.json", "--steps", "1"], status: 2) == "\(Self.dir)/none.json: no such file")
        #expect(try fails(["train", "--load", Self.dir, "--steps", "1"], status: 2) == "\(Self.dir): is a directory (expected a file)")
    }

    @Test func csvFiles() throws {
        let d = Self.dir
        _ = try write("empty.csv", "")
        _ = try write("ragged.csv", "1,2\n3\n")
        _ = try write("nan.csv", "1,2\n3,nan\n")
        _ = try write("header.csv", "x,y\n")
        _ = try write("text.csv", "1,2\n3,abc\n")
        let cases: [(String, String)] = [
            ("empty.csv", "\(d)/empty.csv: no data rows (the file is empty)"),
            ("ragged.csv", "\(d)/ragged.csv: line 2: expected 2 comma-separated numbers, got 1 fields"),
            ("nan.csv", "\(d)/nan.csv: line 2: column 2: expected a finite number, got \"nan\""),
            ("header.csv", "\(d)/header.csv: no data rows after the header"),
            ("text.csv", "\(d)/text.csv: line 2: column 2: expected a finite number, got \"abc\""),
            ("missing.csv", "\(d)/missing.csv: no such file (named by \(d)/p-missing.csv.json at data.path)"),
        ]
        for (name, expected) in cases {
            #expect(try fails(["train", "--preset", try csvPreset(name), "--steps", "1"], status: 1) == expected)
        }
    }

    @Test func presetFiles() throws {
        let cases: [(String, String, String)] = [
            ("syntax.json", "{\"title\": ", "invalid JSON at line 1, column 11: unexpected end of file (expected a value)"),
            ("type.json", presetText(title: "3"), "title: expected a non-empty string, got 3"),
            ("unknown.json", presetText(extra: ",\n  \"colour\": 1"), "colour: unknown key (expected one of: title, description, caption, data, model, training, view, compare)"),
            ("inf.json", presetText(training: #"{"optimizer": {"name": "sgd", "lr": 1e999}}"#), "training.optimizer.lr: expected a finite number, got 1e999"),
            ("shape.json", presetText(model: #"{"layers": [2, 1], "weights": [{"weights": [[1]], "bias": [0]}]}"#),
             "model.weights[0].weights[0]: expected a row of 2 numbers, got an array"),
        ]
        for (name, text, expected) in cases {
            let path = try write(name, text)
            let err = try fails(["train", "--preset", path, "--steps", "1"], status: 1)
            #expect(err == "\(path): \(expected)")
        }
    }

    @Test func sessionFiles() throws {
        var s = try Session(preset: try SessionFileTests.preset(SessionFileTests.optimizers[0]), recordsHistory: false)
        s.step(2)
        guard case .object(var root) = s.fileJSON, case .object(var t)? = root["trainer"], case .array(var p)? = t["parameters"] else {
            Issue.record("unexpected session JSON"); return
        }
        let v2 = try write("v2.json", s.fileJSON.serialized().replacingOccurrences(of: "\"version\": 1", with: "\"version\": 7"))
        #expect(try fails(["train", "--load", v2, "--steps", "1"], status: 1)
                == "\(v2): version: expected 1 (this nnviz reads session files of version 1), got 7")
        let truncated = try write("truncated.json", String(s.fileJSON.serialized(pretty: false).prefix(200)))
        #expect(try fails(["inspect", "--load", truncated, "--out", Self.dir + "/r.json"], status: 1).hasPrefix("\(truncated): invalid JSON at line 1, column 201: "))
        let preset = try write("preset-not-session.json", presetText())
        #expect(try fails(["train", "--load", preset, "--steps", "1"], status: 1).hasPrefix("\(preset): title: unknown key"))
        // Non-finite weights arrive as "nan" (a diverged run saved) or as weights so large the outputs overflow.
        p[0] = .string("nan")
        t["parameters"] = .array(p)
        root["trainer"] = .object(t)
        let nan = try write("nan-session.json", JSONValue.object(root).serialized())
        #expect(try fails(["inspect", "--load", nan, "--out", Self.dir + "/r.json"], status: 1)
                == "\(nan): step 2: 1 of the 25 weights are not finite (NaN or inf): refusing to analyse them; inspect an earlier step or lower training.optimizer.lr")
        // A regression net whose output bias is 1e200: θ is finite, but (z - y)² overflows.
        var sine = try Session(preset: try Preset.parse(presetText(data: #"{"kind": "sine", "n": 40}"#,
                                                                    model: #"{"layers": [1, 8, 1]}"#), file: "sine.json"),
                               recordsHistory: false)
        sine.step(2)
        guard case .object(var root2) = sine.fileJSON, case .object(var t2)? = root2["trainer"],
              case .array(var p2)? = t2["parameters"] else { Issue.record("unexpected session JSON"); return }
        p2[p2.count - 1] = .number(1e200)
        t2["parameters"] = .array(p2)
        root2["trainer"] = .object(t2)
        let huge = try write("huge-session.json", JSONValue.object(root2).serialized())
        #expect(try fails(["inspect", "--load", huge, "--out", Self.dir + "/r.json"], status: 1)
                == "\(huge): step 2: the objective at these weights is not finite (inf): refusing to analyse them; the weights are too large (inspect an earlier step or lower training.optimizer.lr)")
        #expect(!FileManager.default.fileExists(atPath: Self.dir + "/r.json"))
    }

    /// lr 1e6: the run stops at the first step whose loss is non-finite, prints the divergence and what to do.
    @Test func hugeLearningRateStopsTheRun() throws {
        let path = try write("lr.json", presetText(data: #"{"kind": "sine", "n": 40}"#, model: #"{"layers": [1, 8, 1]}"#,
                                                   training: #"{"optimizer": {"name": "sgd", "lr": 1e6}}"#))
        let r = try cli.nnviz(["train", "--preset", path, "--steps", "100", "--save", Self.dir + "/diverged.json"])
        #expect(r.status == 1)
        #expect(r.err == "nnviz: \(path): diverged at step 4 (non-finite loss), training stopped: lower training.optimizer.lr (now 1000000.0, try 100000.0) or set training.clip, and run again\n")
        #expect(r.out.split(separator: "\n").count == 5)  // steps 0...4, then it stopped (of 100)
        // The saved diverged session loads, and analysis of it is refused.
        let err = try fails(["inspect", "--load", Self.dir + "/diverged.json", "--out", Self.dir + "/r2.json"], status: 1)
        #expect(err.contains("not finite") && err.contains("refusing to analyse"))
    }

    /// Library level: once the model's objective is non-finite (after step k), the trainer flags the
    /// divergence on the very next step and takes no more steps.
    @Test func divergenceIsCaughtWithinOneStep() throws {
        let preset = try Preset.parse(presetText(data: #"{"kind": "sine", "n": 40}"#, model: #"{"layers": [1, 8, 1]}"#,
                                                 training: #"{"optimizer": {"name": "sgd", "lr": 1e6}}"#), file: "lr.json")
        var s = try Session(preset: preset, recordsHistory: false)
        var firstBad: Int?
        for _ in 0..<50 where !s.isFinished {
            s.step(1)
            if firstBad == nil && !s.metrics.trainObjective.isFinite { firstBad = s.step }
        }
        let k = try #require(firstBad)
        let d = try #require(s.trainer.divergence)
        #expect(d.step <= k + 1 && s.step <= k + 1 && s.isFinished)
        #expect(s.step(10) == 0)
    }

    /// Through the binary: `--save` after 3 steps, then `--load --steps 3`, prints the lines of a 6-step run;
    /// the data travels in the session file (the CSV file is gone by then).
    @Test func saveAndLoadThroughTheBinary() throws {
        var rows = ""
        for i in 0..<30 { rows += "\(Double(i) / 10),\(Double(i * i % 7) / 7)\n" }
        _ = try write("resume.csv", rows)
        let preset = try write("resume.json", presetText(
            data: #"{"kind": "csv", "path": "\#(Self.dir)/resume.csv", "test_fraction": 0.2}"#,
            model: #"{"layers": [1, 5, 1]}"#,
            training: #"{"optimizer": {"name": "adam", "lr": 0.05}, "batch": 7, "dropout": 0.1}"#))
        let whole = try cli.nnviz(["train", "--preset", preset, "--steps", "6", "--seed", "11"])
        let saved = Self.dir + "/resume-session.json"
        let first = try cli.nnviz(["train", "--preset", preset, "--steps", "3", "--seed", "11", "--save", saved])
        try FileManager.default.removeItem(atPath: Self.dir + "/resume.csv")
        let second = try cli.nnviz(["train", "--load", saved, "--steps", "3"])
        #expect(whole.status == 0 && first.status == 0 && second.status == 0, "\(second.err)")
        let a = first.out.split(separator: "\n"), b = second.out.split(separator: "\n")
        #expect(a.count == 4 && b.first == a.last)
        #expect((a + b.dropFirst()).joined(separator: "\n") + "\n" == whole.out)
    }
}
