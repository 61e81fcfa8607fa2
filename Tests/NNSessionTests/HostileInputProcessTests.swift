import Foundation
import NNCore
import Testing
@testable import NNSession
@testable import NNJSON

/// Input an attacker or a careless user could give, through the real binary: special files, planted links,
/// huge numbers, closed outputs. Each case ends in exit 0, 1 or 2 with at most one line on stderr, never a
/// trap, a hang or a file written where it should not be.
@Suite struct HostileInputProcessTests {
    let cli = CLIProcessTests()
    let bad = BadInputProcessTests()
    static let dir: String = {
        let d = NSTemporaryDirectory() + "nnviz-hostile-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func write(_ name: String, _ text: String) throws -> String {
        let path = Self.dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func fifo(_ name: String) throws -> String {
        let path = Self.dir + "/" + name
        unlink(path)
        try #require(mkfifo(path, 0o600) == 0)
        return path
    }

    /// A saved session of the default preset after 3 steps, as a JSON tree to edit.
    func savedSession(_ name: String) throws -> (path: String, json: JSONValue) {
        let path = Self.dir + "/" + name
        let r = try cli.nnviz(["train", "--preset", "default", "--steps", "3", "--save", path])
        try #require(r.status == 0, "\(r.err)")
        return (path, try JSONParser.parse(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
    }

    static func edit(_ v: JSONValue, _ path: [String], _ f: (JSONValue) -> JSONValue) -> JSONValue {
        guard let key = path.first, case .object(var o) = v else { return f(v) }
        o[key] = edit(o[key] ?? .null, Array(path.dropFirst()), f)
        return .object(o)
    }

    // MARK: Overflow

    @Test func hugeStepCountsAreRefusedNotTrapped() throws {
        let (session, _) = try savedSession("s-overflow.json")
        #expect(try bad.fails(["train", "--load", session, "--steps", "9223372036854775807"], status: 2)
                == "--steps must be at most 2^53 = 9007199254740992 (the largest step a session file holds), got 9223372036854775807 (see nnviz --help)")
        #expect(try bad.fails(["train", "--preset", "default", "--steps", "-1"], status: 2) == "--steps must be >= 0, got -1 (see nnviz --help)")
        #expect(try bad.fails(["inspect", "--preset", "default", "--steps", "-5", "--out", Self.dir + "/x.json"], status: 2)
                == "--steps must be >= 0, got -5 (see nnviz --help)")
    }

    /// `--every` far beyond `--steps` on a compare preset: step 0 and the last step only, no overflow.
    @Test func hugeEveryOnACompare() throws {
        let r = try cli.nnviz(["train", "--preset", "optimizers", "--steps", "3", "--every", "5000000000000000000"])
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 8)  // 4 sessions × (step 0, step 3)
        #expect(lines.suffix(4).allSatisfy { $0.contains("\"step\":3,") })
    }

    /// A session file at a step beyond 2^53 (not exact in JSON) is refused naming the real limit.
    @Test func sessionStepBeyondTheExactRange() throws {
        let (_, json) = try savedSession("s-step.json")
        let big = Self.edit(json, ["trainer", "step"]) { _ in .number(4611686018427387903, text: "4611686018427387903") }
        let path = try write("s-bigstep.json", big.serialized())
        #expect(try bad.fails(["train", "--load", path, "--steps", "0"], status: 1)
                == "\(path): trainer.step: expected an integer >= 0 and at most 2^53 = 9007199254740992 in magnitude, got 4611686018427387903")
    }

    /// A `step` schedule with every = 1 at step 8·10¹⁵ (the rate is a closed form, not 8·10¹⁵ products).
    @Test func stepScheduleAtAHugeStepIsImmediate() throws {
        let (_, json) = try savedSession("s-sched.json")
        var edited = Self.edit(json, ["preset", "training", "schedule"]) { _ in
            .object(JSONObject([("name", .string("step")), ("every", .number(1)), ("factor", .number(0.5))]))
        }
        edited = Self.edit(edited, ["trainer", "step"]) { _ in .number(8e15, text: "8000000000000000") }
        let path = try write("s-sched-big.json", edited.serialized())
        let r = try cli.nnviz(["train", "--load", path, "--steps", "0"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("{\"step\":8000000000000000,") && r.out.contains("\"lr\":0.0"), "\(r.out)")
    }

    // MARK: Special files

    @Test func devicesFIFOsAndLinksAreRefusedBeforeReading() throws {
        #expect(try bad.fails(["train", "--preset", "/dev/zero", "--steps", "1"], status: 2)
                == "/dev/zero: is a character device (expected a regular file)")
        #expect(try bad.fails(["train", "--load", "/dev/zero", "--steps", "1"], status: 2)
                == "/dev/zero: is a character device (expected a regular file)")
        let f = try fifo("pipe.json")
        #expect(try bad.fails(["train", "--preset", f, "--steps", "1"], status: 2) == "\(f): is a FIFO (named pipe) (expected a regular file)")
        let link = Self.dir + "/zero-link.json"
        unlink(link)
        try #require(symlink("/dev/zero", link) == 0)
        #expect(try bad.fails(["train", "--preset", link, "--steps", "1"], status: 2) == "\(link): is a character device (expected a regular file)")
        let csvFIFO = try fifo("pipe.csv")
        let p = try write("p-fifo-csv.json", presetText(data: #"{"kind": "csv", "path": "\#(csvFIFO)"}"#, model: #"{"layers": [1, 4, 1]}"#))
        #expect(try bad.fails(["train", "--preset", p, "--steps", "1"], status: 1).hasPrefix("\(csvFIFO): is a FIFO (named pipe) (expected a regular file)"))
    }

    /// `nnviz presets` on a directory holding a FIFO, a link to /dev/zero and a preset whose description
    /// carries terminal escapes: no hang, the special files flagged, no control character printed.
    @Test func presetsListingSurvivesSpecialFilesAndEscapes() throws {
        let d = Self.dir + "/presets-hostile"
        try? FileManager.default.removeItem(atPath: d)
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        try presetText().write(toFile: d + "/default.json", atomically: true, encoding: .utf8)
        try #require(mkfifo(d + "/fifo.json", 0o600) == 0)
        try #require(symlink("/dev/zero", d + "/zero.json") == 0)
        let evil = presetText().replacingOccurrences(of: #""description": "one line""#,
                                                      with: #""description": "x\u001b]0;pwned\u0007\u001b[2J\ry\u009b31m""#)
        try evil.write(toFile: d + "/evil.json", atomically: true, encoding: .utf8)
        let r = try cli.nnviz(["presets"], environment: ["NNVIZ_PRESETS": d])
        #expect(r.status == 1)
        #expect(r.err == "nnviz: 2 preset files are invalid (see above)\n")
        #expect(r.out.contains("fifo     (invalid: \(d)/fifo.json: is a FIFO (named pipe) (expected a regular file))"), "\(r.out)")
        #expect(r.out.contains("zero     (invalid: \(d)/zero.json: is a character device (expected a regular file))"), "\(r.out)")
        #expect(r.out.contains("evil     x?]0;pwned??[2J?y?31m\n"), "\(r.out)")
        #expect(!r.out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
    }

    @Test func csvFilesWithNULAndManyBlankLines() throws {
        let d = Self.dir
        try Data("1,2\n4\u{0}abc,5\n".utf8).write(to: URL(fileURLWithPath: d + "/nul.csv"))
        let p = try write("p-nul.json", presetText(data: #"{"kind": "csv", "path": "\#(d)/nul.csv"}"#, model: #"{"layers": [1, 4, 1]}"#))
        #expect(try bad.fails(["train", "--preset", p, "--steps", "1"], status: 1)
                .hasPrefix("\(d)/nul.csv: line 2: contains a NUL byte (expected comma-separated numbers)"))
        // 65 MiB of newlines: over the CSV limit, refused while reading.
        let blank = d + "/blank.csv"
        FileManager.default.createFile(atPath: blank, contents: Data(repeating: 0x0A, count: (64 << 20) + 1))
        let q = try write("p-blank.json", presetText(data: #"{"kind": "csv", "path": "\#(blank)"}"#, model: #"{"layers": [1, 4, 1]}"#))
        #expect(try bad.fails(["train", "--preset", q, "--steps", "1"], status: 1)
                .hasPrefix("\(blank): file larger than 64 MiB (the limit for this kind of file)"))
    }

    // MARK: Compare presets: the headless contract

    /// Every session diverges at once: the run ends there instead of counting to --steps.
    @Test func compareStopsWhenEverySessionDiverged() throws {
        let text = presetText(training: #"{"optimizer": {"name": "sgd", "lr": 1e300}}"#,
                              extra: #", "compare": [{"label": "a"}, {"label": "b", "training": {"optimizer": {"name": "sgd", "lr": 1e301}}}]"#)
        let p = try write("p-diverge.json", text)
        let r = try cli.nnviz(["train", "--preset", p, "--steps", "1000000000000"])
        #expect(r.status == 0)
        // One line on stderr names both sessions (the headless contract: one line, however many sessions stopped).
        #expect(r.err.split(separator: "\n").count == 1 && r.err.contains("every session diverged: \"a\" at step ")
                && r.err.contains("\"b\" at step "), "\(r.err)")
    }

    /// stdout closed or full: exit 1 and one line, for compare and experiment presets as for the others.
    @Test func compareAndExperimentReportAFailedStdout() throws {
        for preset in ["optimizers", "double-descent"] {
            let closed = try shell("exec >&-; exec \"$0\" train --preset \(preset) --steps 3")
            #expect(closed.status == 1 && closed.err == "nnviz: cannot write to standard output: it is closed\n", "\(preset): \(closed)")
            let full = try shell("exec \"$0\" train --preset \(preset) --steps 3 >/dev/full")
            #expect(full.status == 1 && full.err == "nnviz: cannot write to standard output: No space left on device\n", "\(preset): \(full)")
        }
        // A reader that goes away ends a long compare run at once (exit 0, nothing on stderr).
        let head = try shell("\"$0\" train --preset optimizers --steps 100000000 | head -1 >/dev/null; echo ${PIPESTATUS[0]} >&2")
        #expect(head.err == "0\n", "\(head)")
    }

    func shell(_ script: String) throws -> CLIProcessTests.Result {
        let binary = try NNVizBinary.require()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script, binary]
        p.currentDirectoryURL = CLIProcessTests.root
        let err = Pipe()
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return .init(out: "", err: String(decoding: errData, as: UTF8.self), status: p.terminationStatus)
    }

    // MARK: Safe writes

    @Test func savePlantedLinksFIFOsAndPermissions() throws {
        let d = Self.dir + "/writes"
        try? FileManager.default.removeItem(atPath: d)
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        // A link at the target is written through: the file it leads to gets the session, the link stays.
        try "victim".write(toFile: d + "/real.json", atomically: true, encoding: .utf8)
        try #require(symlink("real.json", d + "/out.json") == 0)
        try #require(chmod(d + "/real.json", 0o600) == 0)
        let r = try cli.nnviz(["train", "--preset", "default", "--steps", "1", "--save", d + "/out.json"])
        #expect(r.status == 0, "\(r.err)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: d + "/out.json")) == "real.json")
        let saved = try String(contentsOfFile: d + "/real.json", encoding: .utf8)
        #expect(saved.hasPrefix("{\"format\":"))
        var st = stat()
        #expect(stat(d + "/real.json", &st) == 0 && st.st_mode & 0o777 == 0o600)
        // Nothing left behind, no predictable temporary name used.
        let left = try FileManager.default.contentsOfDirectory(atPath: d).sorted()
        #expect(left == ["out.json", "real.json"])
        // A FIFO or a device as the target: refused before training, one line.
        let f = d + "/pipe.json"
        try #require(mkfifo(f, 0o600) == 0)
        #expect(try bad.fails(["train", "--preset", "default", "--steps", "1", "--save", f], status: 2)
                == "--save \(f): is a FIFO (named pipe) (nnviz only replaces regular files) (see nnviz --help)")
        #expect(try bad.fails(["inspect", "--preset", "default", "--out", "/dev/null"], status: 2)
                == "--out /dev/null: is a character device (nnviz only replaces regular files) (see nnviz --help)")
        // A dangling link is refused.
        try #require(symlink("nowhere/x.json", d + "/dangling.json") == 0)
        #expect(try bad.fails(["inspect", "--preset", "default", "--out", d + "/dangling.json"], status: 2)
                == "--out \(d)/dangling.json: is a symbolic link to a missing file (nnviz writes through links, so the link must lead to a file) (see nnviz --help)")
    }

    /// A signal while the temporary file is written removes it (and the old target is untouched).
    @Test func signalDuringSaveRemovesTheTemporaryFile() throws {
        let d = Self.dir + "/signal"
        try? FileManager.default.removeItem(atPath: d)
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        try "old".write(toFile: d + "/s.json", atomically: true, encoding: .utf8)
        for sig in ["TERM", "INT"] {
            let r = try cli.nnviz(["train", "--preset", "default", "--steps", "1", "--save", d + "/s.json"],
                                  environment: ["NNVIZ_TEST_SIGNAL_DURING_WRITE": sig])
            #expect(r.status != 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: d) == ["s.json"])
            #expect(try String(contentsOfFile: d + "/s.json", encoding: .utf8) == "old")
        }
    }
}

/// Input that used to be accepted quietly, or refused with a misleading or oversized message.
@Suite struct QuietlyAcceptedInputTests {
    let cli = CLIProcessTests()
    let bad = BadInputProcessTests()
    let hostile = HostileInputProcessTests()

    @Test func invalidUTF8AndTooManyLayers() throws {
        let d = HostileInputProcessTests.dir
        var bytes = Array(presetText().utf8)
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "X")))  // in "XOR"
        bytes[at] = 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: d + "/latin.json"))
        #expect(try bad.fails(["train", "--preset", d + "/latin.json", "--steps", "0"], status: 1)
                == "\(d)/latin.json: invalid JSON at line 2, column 13: invalid UTF-8 (byte 0xFF); expected UTF-8 text")
        let widths = (["2"] + Array(repeating: "3", count: 63) + ["1"]).joined(separator: ", ")
        let deep = try hostile.write("deep.json", presetText(model: #"{"layers": [\#(widths)]}"#))
        #expect(try bad.fails(["train", "--preset", deep, "--steps", "0"], status: 1)
                == "\(deep): model.layers: expected at most 64 layer widths (63 layers), got 65")
    }

    /// A 500-digit number and a 5,000-character key are echoed shortened.
    @Test func echoedValuesAreShort() throws {
        let huge = "1" + String(repeating: "0", count: 500)
        let p = try hostile.write("long-number.json", presetText(training: #"{"optimizer": {"name": "sgd", "lr": \#(huge)}}"#))
        let m = try bad.fails(["train", "--preset", p, "--steps", "0"], status: 1)
        #expect(m == "\(p): training.optimizer.lr: expected a finite number, got 1000000000000000000000000000000000000...")
        let key = String(repeating: "k", count: 5000)
        let q = try hostile.write("long-key.json", presetText(extra: #", "\#(key)": 1"#))
        let n = try bad.fails(["train", "--preset", q, "--steps", "0"], status: 1)
        #expect(n.count < q.count + 200 && n.hasPrefix("\(q): kkkkkkkkkk"), "\(n.prefix(300))")
    }

    /// Early stopping needs test data: with CSV data it is refused when test_fraction is 0, as for
    /// generated data.
    @Test func earlyStoppingOnCSVWithoutTestData() throws {
        let d = HostileInputProcessTests.dir
        try (["x,y"] + (0..<20).map { "\(Double($0) / 10),\(Double($0 % 3))" }).joined(separator: "\n")
            .write(toFile: d + "/es.csv", atomically: true, encoding: .utf8)
        let p = try hostile.write("es.json", presetText(data: #"{"kind": "csv", "path": "\#(d)/es.csv", "test_fraction": 0}"#,
                                                       model: #"{"layers": [1, 4, 1]}"#,
                                                       training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "early_stopping": {"patience": 5}}"#))
        #expect(try bad.fails(["train", "--preset", p, "--steps", "1"], status: 1)
                == "\(p): training.early_stopping: expected no early stopping without test data (data.test_fraction is 0)")
    }

    /// Inputs near the top of the Double range: the message blames the data, not the weights; gradcheck
    /// refuses instead of printing a table of NaNs.
    @Test func hugeInputsAreBlamedOnTheData() throws {
        let d = HostileInputProcessTests.dir
        try (["x,y"] + (0..<20).map { "\(Double($0) / 10),\(Double($0) / 20)" } + ["1e308,0.5"]).joined(separator: "\n")
            .write(toFile: d + "/hugex.csv", atomically: true, encoding: .utf8)
        let p = try hostile.write("hugex.json", presetText(data: #"{"kind": "csv", "path": "\#(d)/hugex.csv", "test_fraction": 0}"#,
                                                          model: #"{"layers": [1, 4, 1]}"#))
        for args in [["inspect", "--preset", p, "--out", d + "/hx.json"], ["gradcheck", "--preset", p]] {
            let m = try bad.fails(args, status: 1)
            #expect(m.hasPrefix("\(p): step 0: the objective at these weights is not finite ("), "\(m)")
            #expect(m.hasSuffix("): refusing to analyse them; the training inputs are too large (|value| up to 1e+308): rescale the data"), "\(m)")
        }
    }
}

@Suite struct JSONValueLimitTests {
    /// A document of many empty arrays stops at the value limit instead of growing without bound.
    @Test func valueLimit() throws {
        let text = "[" + Array(repeating: "[]", count: 600).joined(separator: ",") + "]"
        #expect(throws: JSONSyntaxError(line: 1, column: 1499, message: "more than 500 JSON values (the limit for one file)")) {
            try JSONParser.parse(bytes: Array(text.utf8), maxValues: 500)
        }
        #expect(throws: Never.self) { try JSONParser.parse(bytes: Array(text.utf8), maxValues: 601) }
    }
}

@Suite struct MemoryBoundTests {
    /// BatchNorm holds the whole training set's activations at once: a set too large for that is refused
    /// with one line naming the limit, instead of allocating gigabytes.
    @Test func batchNormOnTooManyActivationsIsRefused() throws {
        let text = presetText(data: #"{"kind": "xor", "n": 100000, "test_fraction": 0}"#,
                              model: #"{"layers": [2, 60, 60, 1], "normalization": "batch"}"#,
                              training: #"{"optimizer": {"name": "sgd", "lr": 0.1}, "batch": 32}"#)
        let preset = try Preset.parse(text, file: "bn.json")
        // Caught by hand: a failing #require(throws:) would print the whole session it got instead.
        var message = "no error"
        do { _ = try Session(preset: preset) } catch { message = error.description }
        #expect(message == "bn.json: model: expected at most 8388608 activations (points × summed layer widths) with BatchNorm, "
                + "which holds them all at once; got 100000 × 123")
        // Within the limit it is accepted.
        let small = try Preset.parse(text.replacingOccurrences(of: "100000", with: "1000"), file: "bn.json")
        var smallMessage = "no error"
        do { _ = try Session(preset: small) } catch { smallMessage = error.description }
        #expect(smallMessage == "no error")
    }
}
