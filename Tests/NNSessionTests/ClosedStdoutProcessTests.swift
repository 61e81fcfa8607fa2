import Dispatch
import Foundation
import Testing

/// A closed stdout ends the headless commands cleanly. With nobody reading the pipe
/// (`nnviz train … | head -1` after head exits), nnviz stops at the next write and exits 0 with nothing
/// on stderr, instead of dying by SIGPIPE (which a signal status 13 here would show); with fd 1 closed
/// outright (`>&-`) it exits 1 with one line. Each run is bounded: a process still alive after 120 s is
/// killed and the test fails (the old behaviour of training on into the void would show up that way).
@Suite struct ClosedStdoutProcessTests {
    struct Outcome { var status: Int32; var signalled: Bool; var err: String; var timedOut: Bool }

    /// Runs `executable args` with stdout a pipe whose read end is closed before the start.
    func runWithoutReader(_ executable: String, _ args: [String]) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = CLIProcessTests.root
        p.environment = ProcessInfo.processInfo.environment.filter { $0.key != "NNVIZ_PRESETS" }
        let out = Pipe(), err = Pipe()
        try out.fileHandleForReading.close()   // nobody will ever read stdout
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        try p.run()
        try out.fileHandleForWriting.close()
        let timedOut = done.wait(timeout: .now() + 120) == .timedOut
        if timedOut { p.terminate(); p.waitUntilExit() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        return Outcome(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
                       err: String(decoding: errData, as: UTF8.self), timedOut: timedOut)
    }

    @Test(arguments: [
        ["train", "--preset", "default", "--steps", "100000000"],
        ["train", "--preset", "xor", "--steps", "100000000", "--every", "1000"],
        ["presets"],
        ["gradcheck", "--preset", "xor", "--points", "4"],
        ["bench", "--quick", "--config", "C1", "--only", "train"],
    ])
    func aReaderThatWentAwayEndsTheCommandWithExit0(args: [String]) throws {
        let binary = try NNVizBinary.require()
        let r = try runWithoutReader(binary, args)
        #expect(!r.timedOut, "\(args): still running after 120 s")
        #expect(!r.signalled && r.status == 0, "\(args): status \(r.status), signalled \(r.signalled)")
        #expect(r.err.isEmpty, "\(args): \(r.err)")
    }

    /// `--save` is still honoured when the reader goes away: the run finishes and the file is written.
    @Test func withSaveTheRunFinishesAndSaves() throws {
        let binary = try NNVizBinary.require()
        let path = NSTemporaryDirectory() + "nnviz-closed-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try runWithoutReader(binary, ["train", "--preset", "xor", "--steps", "300", "--save", path])
        #expect(!r.signalled && r.status == 0 && r.err.isEmpty, "status \(r.status): \(r.err)")
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let trainer = try #require(file?["trainer"] as? [String: Any])
        #expect(trainer["step"] as? Int == 300)
    }

    /// fd 1 closed outright: one line on stderr, exit 1 (output was asked for and lost).
    @Test func aClosedDescriptorIsAnErrorWithOneLine() throws {
        let binary = try NNVizBinary.require()
        let r = try runWithoutReader("/bin/sh", ["-c", "exec \"$0\" train --preset xor --steps 5 >&-", binary])
        #expect(!r.signalled && r.status == 1, "status \(r.status)")
        #expect(r.err == "nnviz: cannot write to standard output: it is closed\n")
    }
}
