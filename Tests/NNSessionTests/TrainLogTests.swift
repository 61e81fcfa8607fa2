import Foundation
import Testing
@testable import NNSession
import NNCore

@Suite struct TrainLogTests {
    func lines(_ name: String, steps: Int, every: Int, seed: UInt64? = nil, history: Bool = true) throws -> [String] {
        var session = try Session(preset: try PresetLibrary.load(name), seed: seed, recordsHistory: history)
        var out: [String] = []
        TrainLog.run(&session, steps: steps, every: every) { out.append($0) }
        return out
    }

    @Test func linesComeAtStepZeroEveryKAndTheLast() throws {
        let out = try lines("xor", steps: 7, every: 3)
        let steps = try out.map { line -> Int in
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(obj["step"] as? Int)
        }
        #expect(steps == [0, 3, 6, 7])
        #expect(try lines("xor", steps: 0, every: 5).count == 1)
    }

    /// Over the exact work limit the counts become lower bounds under their own keys: the sawtooth's 15
    /// kinks (0.25 apart, so the grid scan finds every one) and the xor net's regions (≤ the exact count).
    @Test func overTheWorkLimitTheCountsBecomeLowerBounds() throws {
        let saw = try Session(preset: try PresetLibrary.load("sawtooth"))
        #expect(TrainLog.extraFields(saw).map(\.0) == ["kinks"])
        let kinks = TrainLog.extraFields(saw, workLimit: 10)
        #expect(kinks.map(\.0) == ["kinks_lower_bound"])
        #expect(kinks.first?.1 == .integer(15) && TrainLog.extraFields(saw).first?.1 == .integer(15))

        let xor = try Session(preset: try PresetLibrary.load("xor").settingHiddenActivation(.relu))
        let exact = TrainLog.extraFields(xor)
        let bound = TrainLog.extraFields(xor, workLimit: 10)
        #expect(exact.map(\.0) == ["regions"] && bound.map(\.0) == ["regions_lower_bound"])
        if case .number(let e, _)? = exact.first?.1, case .number(let b, _)? = bound.first?.1 {
            #expect(b <= e && b > 0)
        } else {
            Issue.record("expected numbers: \(exact), \(bound)")
        }
    }

    @Test func fieldsFollowTheContract() throws {
        let classification = try lines("xor", steps: 1, every: 1).last ?? ""
        #expect(classification.hasPrefix(#"{"step":1,"epoch":0,"loss":"#))
        for key in ["test_loss", "accuracy", "test_accuracy", "lr"] { #expect(classification.contains("\"\(key)\":")) }
        let regression = try lines("lecture-regression-2d", steps: 1, every: 1).last ?? ""
        #expect(!regression.contains("accuracy") && !regression.contains("test_loss"))  // no test data
        #expect(regression.contains(#""lr":0.01"#))
    }

    /// `kinks` for 1D piecewise-linear fits (the hand-set sawtooth: exactly 2^4 − 1 = 15 inside the data's
    /// range), `regions` for 2D ones, neither for smooth activations.
    @Test func analysisFields() throws {
        #expect(try lines("sawtooth", steps: 0, every: 1) == [#"{"step":0,"epoch":0,"loss":0.0,"lr":0.001,"kinks":15}"#])
        let width = try lines("shallow-width", steps: 20, every: 20).last ?? ""
        let kinks = try #require(width.split(separator: ",").last(where: { $0.hasPrefix("\"kinks\":") }))
        let count = try #require(Int(kinks.dropFirst(8).dropLast()))
        #expect(count <= 8)  // one hidden layer of width 8: at most 8 kinks
        #expect(try lines("moons", steps: 0, every: 1)[0].contains(#""regions":"#))
        let smooth = try lines("xor", steps: 0, every: 1)[0]
        #expect(!smooth.contains("kinks") && !smooth.contains("regions"))
    }

    /// Numbers round-trip: parsing the printed loss gives back the session's Double exactly.
    @Test func numbersRoundTrip() throws {
        var session = try Session(preset: try PresetLibrary.load("regression-1d"))
        session.step(3)
        let line = TrainLog.line(session)
        // Foundation's JSON parser on Linux is not correctly rounded; Double(String) (our parser) is.
        guard case .object(let obj) = try JSONParser.parse(line), case .number(let loss, _)? = obj["loss"] else {
            Issue.record("not a JSON object with a numeric loss: \(line)")
            return
        }
        #expect(loss == session.metrics.trainObjective)
        #expect(TrainLog.number(.infinity) == "null" && TrainLog.number(0.1) == "0.1")
    }

    @Test func sameSeedSameLines() throws {
        let a = try lines("xor", steps: 20, every: 5, seed: 3)
        let b = try lines("xor", steps: 20, every: 5, seed: 3)
        #expect(a == b)
        #expect(a != (try lines("xor", steps: 20, every: 5, seed: 4)))
    }

    /// Headless runs skip the history; the printed metrics do not depend on it.
    @Test func historyOffPrintsTheSameLines() throws {
        #expect(try lines("moons", steps: 12, every: 4, history: false) == lines("moons", steps: 12, every: 4))
        var s = try Session(preset: try PresetLibrary.load("moons"), recordsHistory: false)
        s.step(12)
        #expect(s.history.rows.map(\.step) == [0])
    }

    @Test func divergenceEndsTheLog() throws {
        var p = try PresetLibrary.load("lecture-regression-2d")
        p.training.optimizer = OptimizerSpec(name: .sgd, lr: 1e9)
        var session = try Session(preset: p)
        var out: [String] = []
        TrainLog.run(&session, steps: 100, every: 10) { out.append($0) }
        #expect(session.isFinished && out.count <= 11)
        #expect(out.last?.contains("\"step\":\(session.step)") == true)
    }

    /// normalisation's plain η = 0.04 session diverges at step 5 with finite but huge weights (the outputs
    /// overflow): its lines with a null loss printed `"kinks":0`, a count of nothing. No analysis field on a null loss.
    @Test func divergedLineHasNoKinks() throws {
        let first = try #require(try PresetLibrary.load("normalisation").comparedPresets().first)
        var session = try Session(preset: first.preset, recordsHistory: false)
        var out: [String] = []
        TrainLog.run(&session, steps: 50, every: 1) { out.append($0) }
        let last = try #require(out.last)
        #expect(session.trainer.divergence != nil && last.contains("\"loss\":null"), "\(last)")
        for line in out { #expect(line.contains("\"loss\":null") != line.contains("\"kinks\":"), "\(line)") }
        #expect(out.contains { $0.contains("\"kinks\":") })
    }
}
