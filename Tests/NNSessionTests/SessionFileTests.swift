import Foundation
import Synchronization
import NNCore
import Testing
@testable import NNSession

/// Save and resume: N steps + save + load + N steps equals 2N steps bit for bit.
@Suite struct SessionFileTests {
    static let optimizers = [
        #"{"name": "sgd", "lr": 0.1}"#,
        #"{"name": "momentum", "lr": 0.05, "momentum": 0.9, "nesterov": true}"#,
        #"{"name": "adam", "lr": 0.01}"#,
        #"{"name": "adamw", "lr": 0.01, "weight_decay": 0.1}"#,
    ]

    /// XOR, 48 training points in minibatches of 10 (an epoch is 5 steps, the last one of 8 points),
    /// dropout on the hidden layer, early stopping: 7 steps stop mid-epoch with every kind of state live.
    static func preset(_ optimizer: String) throws -> Preset {
        try Preset.parse(presetText(
            data: #"{"kind": "xor", "n": 60, "test_fraction": 0.2, "seed": 3}"#,
            model: #"{"layers": [2, 6, 1], "activations": ["tanh", "linear"]}"#,
            training: #"{"optimizer": \#(optimizer), "batch": 10, "dropout": 0.25, "early_stopping": {"patience": 50}, "seed": 9}"#),
            file: "resume.json")
    }

    static func tempPath(_ tag: String) -> String {
        NSTemporaryDirectory() + "nnviz-\(tag)-\(UInt32.random(in: 0...UInt32.max)).json"
    }

    static func bits(_ xs: [Double]) -> [UInt64] { xs.map(\.bitPattern) }

    @Test(arguments: optimizers)
    func resumedRunIsBitIdentical(_ optimizer: String) throws {
        let preset = try Self.preset(optimizer)
        let n = 7
        var whole = try Session(preset: preset, recordsHistory: false)
        var wholeLines: [String] = []
        TrainLog.run(&whole, steps: 2 * n, every: 1) { wholeLines.append($0) }

        var first = try Session(preset: preset, recordsHistory: false)
        var lines: [String] = []
        TrainLog.run(&first, steps: n, every: 1) { lines.append($0) }
        let path = Self.tempPath("resume")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try first.save(to: path)
        var resumed = try Session(loading: path, recordsHistory: false)
        #expect(resumed.trainer.savedState == first.trainer.savedState)
        #expect(resumed.step == n && resumed.trainer.epochCount == 1)
        var more: [String] = []
        TrainLog.run(&resumed, steps: 2 * n, every: 1) { more.append($0) }
        #expect(more.first == lines.last)  // the metrics recomputed from the loaded state are the same
        #expect(lines + more.dropFirst() == wholeLines)

        let a = whole.trainer.savedState, b = resumed.trainer.savedState
        #expect(Self.bits(a.parameters) == Self.bits(b.parameters))
        #expect(Self.bits(a.firstMoment) == Self.bits(b.firstMoment) && Self.bits(a.secondMoment) == Self.bits(b.secondMoment))
        #expect(a.beta1Power.bitPattern == b.beta1Power.bitPattern && a.rng == b.rng && a.order == b.order)
        #expect(Self.bits(a.bestParameters) == Self.bits(b.bestParameters))
        #expect(a == b)
        // The state was not trivially equal: training moved θ.
        #expect(a.parameters != first.trainer.savedState.parameters)
    }

    /// Shortest round-trip text, −0 and extreme magnitudes included, reads back as the same bits.
    @Test func doublesRoundTripExactly() throws {
        var rng = SeededRNG(seed: 42)
        var xs: [Double] = [-0.0, 0, 5e-324, -1.7976931348623157e308, 1e15, 1e16, 0.1, 1.0 / 3]
        for _ in 0..<500 { xs.append(Double(bitPattern: rng.nextUInt64())) }
        xs = xs.filter(\.isFinite)
        let text = Session.numbers(xs).serialized(pretty: false)
        let back = try SessionFileReader.doubles(JSONField(value: try JSONParser.parse(text), path: "x", file: "f"))
        #expect(Self.bits(back) == Self.bits(xs))
    }

    /// The file is written through a temporary file and a rename: no temporary is left behind, and an
    /// existing file is replaced whole.
    @Test func saveIsAtomicAndLeavesNoTemporary() throws {
        let dir = NSTemporaryDirectory() + "nnviz-atomic-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old".write(toFile: dir + "/s.json", atomically: false, encoding: .utf8)
        var s = try Session(preset: try Self.preset(Self.optimizers[0]), recordsHistory: false)
        s.step(3)
        try s.save(to: dir + "/s.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["s.json"])
        #expect(try Session(loading: dir + "/s.json").step == 3)
        #expect(throws: PresetError.self) { try s.save(to: dir + "/missing/s.json") }
        #expect(throws: PresetError.self) { try s.save(to: dir) }
    }
}

/// The dashboard's path: a running ``TrainingQueue`` saves between chunks, and a queue resumes the file.
@Suite struct TrainingQueueSaveTests {
    @Test func queueSavesAndResumes() throws {
        let preset = try SessionFileTests.preset(SessionFileTests.optimizers[3])
        let q = TrainingQueue(sessions: [try Session(preset: preset)])
        q.step(0, 5)
        let path = SessionFileTests.tempPath("queue")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = Mutex<PresetError??>(nil)
        q.save(0, to: path) { e in result.withLock { $0 = .some(e) } }
        q.drain()
        #expect(result.withLock { $0 } == .some(nil))
        let resumed = try TrainingQueue(loading: path)
        #expect(resumed.snapshot().step == 5 && resumed.snapshot().model.parameters == q.snapshot().model.parameters)
        q.save(0, to: "/nonexistent-dir/s.json") { e in result.withLock { $0 = .some(e) } }
        q.drain()
        #expect(result.withLock { $0 }??.description == "/nonexistent-dir/s.json: cannot write: no such directory /nonexistent-dir")
    }
}
