import Foundation
import NNCore
import Testing
@testable import NNSession

/// Malformed session files: one line naming the file, the field and what was expected.
@Suite struct SessionFileErrorTests {
    /// A valid session file's JSON (SGD, 2 steps) to corrupt one field at a time.
    static func validJSON() throws -> JSONObject {
        var s = try Session(preset: try SessionFileTests.preset(SessionFileTests.optimizers[2]), recordsHistory: false)
        s.step(2)
        guard case .object(let o) = s.fileJSON else { throw PresetError(file: "", path: "", message: "not an object") }
        return o
    }

    static func error(_ edit: (inout JSONObject) -> Void) throws -> String {
        var o = try validJSON()
        edit(&o)
        do {
            _ = try Session(json: .object(o), file: "s.json")
            return "loaded"
        } catch { return error.description }
    }

    static func setTrainer(_ o: inout JSONObject, _ key: String, _ v: JSONValue?) {
        guard case .object(var t)? = o["trainer"] else { return }
        t[key] = v
        o["trainer"] = .object(t)
    }

    @Test func validFileLoads() throws {
        #expect(try Self.error { _ in } == "loaded")
    }

    @Test func errorsNameFileFieldAndExpectation() throws {
        #expect(try Self.error { $0["version"] = .number(2) }
                == "s.json: version: expected 1 (this nnviz reads session files of version 1), got 2")
        #expect(try Self.error { $0["format"] = nil }
                == "s.json: format: missing (expected \"nnviz-session\" (is this a session file? presets go to --preset))")
        #expect(try Self.error { $0["seed"] = .number(3) }
                == "s.json: seed: expected a decimal string holding an integer between 0 and 2^64-1, got 3")
        #expect(try Self.error { $0["extra"] = .null } .hasPrefix("s.json: extra: unknown key (expected one of: format, "))
        #expect(try Self.error { Self.setTrainer(&$0, "parameters", .array([.number(1)])) }
                == "s.json: trainer.parameters: expected 25 numbers (the network's parameter count), got 1")
        #expect(try Self.error { Self.setTrainer(&$0, "first_moment", .array([])) }
                == "s.json: trainer.first_moment: expected 25 numbers for adam, got 0")
        #expect(try Self.error { Self.setTrainer(&$0, "parameters", .array([.number(.infinity, text: "1e999")])) }
                == "s.json: trainer.parameters[0]: expected a finite number, got 1e999")
        #expect(try Self.error { Self.setTrainer(&$0, "parameters", .string("weights")) }
                == "s.json: trainer.parameters: expected an array of numbers (or \"nan\", \"inf\", \"-inf\"), got \"weights\"")
        #expect(try Self.error { Self.setTrainer(&$0, "rng", .array([.string("0"), .string("0"), .string("0"), .string("0")])) }
                == "s.json: trainer.rng: expected generator words that are not all zero")
        #expect(try Self.error { Self.setTrainer(&$0, "order", .array([.number(0), .number(0)])) }
                == "s.json: trainer.order: expected a permutation of 0..<48 (the training set size)")
        #expect(try Self.error { Self.setTrainer(&$0, "step", nil) }
                == "s.json: trainer.step: missing (expected an integer >= 0)")
        #expect(try Self.error { Self.setTrainer(&$0, "epoch", .number(5)) }
                == "s.json: trainer.epoch: expected an integer between 0 and the step count 2, got 5")
        #expect(try Self.error { o in
            guard case .object(var p)? = o["preset"], case .object(var t)? = p["training"],
                  case .object(var opt)? = t["optimizer"] else { return }
            opt["lr"] = .number(-1); t["optimizer"] = .object(opt); p["training"] = .object(t); o["preset"] = .object(p)
        } == "s.json: preset.training.optimizer.lr: expected a number > 0, got -1")
        #expect(try Self.error { o in
            guard case .object(var d)? = o["data"] else { return }
            d["train"] = .object(JSONObject([("x", .array([.number(1), .number(2), .number(3)])), ("y", .array([.number(1)]))]))
            o["data"] = .object(d)
        } == "s.json: data.train.x: expected a multiple of 2 numbers (rows of input_size 2), got 3")
        #expect(try Self.error { o in
            guard case .object(var d)? = o["data"] else { return }
            d["input_size"] = .number(3)
            o["data"] = .object(d)
        } == "s.json: data.train.y: expected 32 numbers (32 rows of target_size 1), got 48")
    }

    @Test func fileLevelErrors() throws {
        let path = SessionFileTests.tempPath("bad")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "{\"format\": \"nnviz-session\",".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PresetError(file: path, path: "", message: "invalid JSON at line 1, column 28: unexpected end of file (expected a key in double quotes)")) {
            try Session(loading: path)
        }
        do { _ = try Session(loading: path + ".missing"); Issue.record("loaded a missing file") } catch {
            #expect(error.description == "\(path).missing: no such file" && error.isUsageError)
        }
        do { _ = try Session(loading: NSTemporaryDirectory()); Issue.record("loaded a directory") } catch {
            #expect(error.description.contains("directory"), "\(error)")
        }
        // A preset given where a session file is expected.
        try presetText().write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try Session(loading: path); Issue.record("loaded a preset as a session") } catch {
            #expect(error.description == "\(path): title: unknown key (expected one of: format, version, name, seed, preset, data, trainer)")
        }
    }

    /// A diverged run's non-finite θ survives saving ("nan"/"inf" strings) and comes back non-finite.
    @Test func nonFiniteParametersRoundTripAsStrings() throws {
        var o = try Self.validJSON()
        guard case .object(let t)? = o["trainer"], case .array(var p)? = t["parameters"] else { throw PresetError(file: "", path: "", message: "shape") }
        p[0] = .string("nan"); p[1] = .string("-inf")
        Self.setTrainer(&o, "parameters", .array(p))
        let s = try Session(json: .object(o), file: "s.json")
        #expect(s.model.parameters[0].isNaN && s.model.parameters[1] == -.infinity && !s.model.isFinite)
        guard case .object(let t2) = s.fileJSON, case .object(let tr)? = t2["trainer"], case .array(let p2)? = tr["parameters"] else {
            throw PresetError(file: "", path: "", message: "shape")
        }
        #expect(p2[0] == .string("nan") && p2[1] == .string("-inf"))
    }
}
