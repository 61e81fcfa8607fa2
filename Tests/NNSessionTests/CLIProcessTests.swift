import Foundation
import Testing

/// The real `nnviz` binary, run as a process: the one built beside the test bundle (``NNVizBinary``; build it
/// first with `swift build`, as `.ci/run` does).
@Suite struct CLIProcessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Result { var out: String; var err: String; var status: Int32 }

    func nnviz(_ args: [String], in directory: URL = CLIProcessTests.root) throws -> Result {
        let binary = try NNVizBinary.require()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = directory
        p.environment = ProcessInfo.processInfo.environment.filter { $0.key != "NNVIZ_PRESETS" }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes to the end before waiting (no deadlock on large output).
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self),
                      status: p.terminationStatus)
    }

    /// Two `nnviz train` processes with the same preset and seed print identical bytes.
    @Test func trainIsDeterministicAcrossProcesses() throws {
        let args = ["train", "--preset", "moons", "--steps", "30", "--every", "10", "--seed", "5"]
        let a = try nnviz(args), b = try nnviz(args)
        #expect(a.status == 0 && b.status == 0 && a.err.isEmpty)
        #expect(a.out == b.out && a.out.split(separator: "\n").count == 4)
        #expect(a.out != (try nnviz(["train", "--preset", "moons", "--steps", "30", "--every", "10", "--seed", "6"])).out)
    }

    @Test func presetsListsEveryPreset() throws {
        let r = try nnviz(["presets"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("default ") == true)
        #expect(lines.contains { $0.hasPrefix("circle ") } && lines.count >= 13)
    }

    /// From another directory the binary finds the checkout's presets by walking up from itself.
    @Test func presetsAreFoundFromAnyDirectory() throws {
        let r = try nnviz(["train", "--preset", "xor", "--steps", "0"], in: URL(fileURLWithPath: NSTemporaryDirectory()))
        #expect(r.status == 0 && r.out.hasPrefix(#"{"step":0,"#))
    }

    @Test func usageErrorsExitWith2AndOneLine() throws {
        for args in [["train", "--preset", "no-such", "--steps", "1"],
                     ["train", "--preset", "moons"],
                     ["train", "--preset", "moons", "--steps", "ten"],
                     ["train", "--preset", "moons", "--steps", "3", "--every", "0"],
                     ["train", "--preset", "/nonexistent/p.json", "--steps", "1"],
                     ["--bogus"]] {
            let r = try nnviz(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.out.isEmpty && r.err.hasPrefix("nnviz: ") && r.err.split(separator: "\n").count == 1, "\(args): \(r.err)")
        }
    }

    @Test func aMalformedPresetFileExitsWith1NamingTheField() throws {
        let path = NSTemporaryDirectory() + "nnviz-bad-\(UInt32.random(in: 0...UInt32.max)).json"
        try presetText(training: #"{"optimizer": {"name": "sgd", "lr": -1}}"#).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try nnviz(["train", "--preset", path, "--steps", "1"])
        #expect(r.status == 1)
        #expect(r.err == "nnviz: \(path): training.optimizer.lr: expected a number > 0, got -1\n")
    }

    @Test func divergenceEndsTheRunWithExit1() throws {
        let path = NSTemporaryDirectory() + "nnviz-diverge-\(UInt32.random(in: 0...UInt32.max)).json"
        try presetText(data: #"{"kind": "bowl", "n": 50}"#, model: #"{"layers": [2, 8, 1]}"#,
                       training: #"{"optimizer": {"name": "sgd", "lr": 1e9}}"#)
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try nnviz(["train", "--preset", path, "--steps", "100", "--every", "50"])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("nnviz: \(path): diverged at step ") && r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(r.out.split(separator: "\n").count >= 2)  // step 0 and the step where it stopped
    }

    /// `nnviz inspect` on the hand-set sawtooth: the contract's keys, the 15 kinks at −2 + j/4, a zero
    /// objective; and the same bytes twice (no timings unless asked).
    @Test func inspectWritesTheContractObject() throws {
        let a = NSTemporaryDirectory() + "nnviz-inspect-a-\(UInt32.random(in: 0...UInt32.max)).json"
        let b = a.replacingOccurrences(of: "-a-", with: "-b-")
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        #expect(try nnviz(["inspect", "--preset", "sawtooth", "--out", a]).status == 0)
        #expect(try nnviz(["inspect", "--preset", "sawtooth", "--out", b]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: b))))
        let obj = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
        for key in ["layers", "loss", "l2", "l1", "data", "objective", "gradient", "hessian_eigenvalues", "parameter_count", "kinks"] {
            #expect(obj[key] != nil, "missing \(key)")
        }
        let kinks = try #require(obj["kinks"] as? [Double])
        #expect(kinks == (1...15).map { -2 + Double($0) / 4 })
        #expect(obj["objective"] as? Double == 0 && obj["parameter_count"] as? Int == 25)
        let eigen = try #require(obj["hessian_eigenvalues"] as? [Double])
        #expect(eigen.count == 25)
        let r = try nnviz(["inspect", "--preset", "sawtooth", "--out", "/nonexistent/dir/x.json"])
        #expect(r.status == 2 && r.err == "nnviz: --out /nonexistent/dir/x.json: no such directory /nonexistent/dir (see nnviz --help)\n")
    }

    @Test func helpIsAvailableEverywhere() throws {
        for args in [["--help"], ["train", "--help"], ["presets", "--help"], ["inspect", "--help"]] {
            let r = try nnviz(args)
            #expect(r.status == 0 && r.out.contains("USAGE"), "\(args)")
        }
    }
}
