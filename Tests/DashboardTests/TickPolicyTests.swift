import Testing
import NNCore
import NNSession
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Time as messages: the reducer turns `.tick(now:)` into the pace's steps, decides when the automatic
/// spectrum is due, measures the rates and reveals a sweep, all from the tick times it is given.
@Suite struct TickPolicyTests {
    /// Steps granted by `.tick` effects.
    func granted(_ effects: [Effect]) -> Int {
        effects.reduce(0) { n, e in if case .trainSteps(let k) = e { return n + k } else { return n } }
    }

    /// Over simulated frames (regular, jittery, or slow), the steps the reducer grants equal pace × time
    /// to within one step: the fraction is carried from frame to frame.
    @Test(arguments: [1.0, 2, 7, 50, 200, 2000, 50_000])
    func stepsOverTicksEqualThePace(pace: Double) {
        var rng = SeededRNG(seed: UInt64(pace))
        for fps in [30.0, 7, 120] {
            var s = Fixtures.state()
            s.preset.view.pace = .perSecond(pace)
            var t = 100.0
            var total = 0
            _ = Reducer.reduce(&s, .tick(now: t))   // the first tick starts the clock
            let start = t
            for _ in 0..<Int(fps * 20) {
                t += (0.5 + rng.nextDouble()) / fps   // jittery frames around `fps`
                total += granted(Reducer.reduce(&s, .tick(now: t)))
            }
            let expected = pace * (t - start)
            #expect(abs(Double(total) - expected) <= 1, "pace \(pace) at \(fps) fps: \(total) vs \(expected)")
        }
    }

    @Test func noStepsWhilePausedAtMaxOrAfterAStall() {
        var s = Fixtures.state()
        s.preset.view.pace = .perSecond(100)
        _ = Reducer.reduce(&s, .tick(now: 0))
        #expect(granted(Reducer.reduce(&s, .tick(now: 1))) == 25, "a gap longer than 0.25 s counts as 0.25 s")
        s.running = false
        #expect(granted(Reducer.reduce(&s, .tick(now: 1.5))) == 0)
        s.running = true
        #expect(granted(Reducer.reduce(&s, .tick(now: 1.6))) == 10)
        s.preset.view.pace = .max
        #expect(Reducer.reduce(&s, .tick(now: 1.7)).isEmpty, "at max the queue trains flat out: nothing to grant")
    }

    /// Compare mode: one pace, the same steps for every running session (lockstep); paused ones get none.
    @Test func compareGrantsTheSameStepsToEveryRunningSession() throws {
        let entries = try CompareSetup.entries(of: try PresetLibrary.load("optimizers"))
        var s = CompareSetup.initialState(entries, size: Size(width: 160, height: 48), seed: nil)
        s.pace = .perSecond(64)
        s.sessions[2].app.running = false
        _ = CompareReducer.reduce(&s, .tick(now: 0))
        var per = [Int](repeating: 0, count: 4)
        for k in 1...96 {
            for e in CompareReducer.reduce(&s, .tick(now: Double(k) / 32)) {
                if case .session(let i, .trainSteps(let n)) = e { per[i] += n }
            }
        }
        #expect(per == [192, 192, 0, 192])
        _ = CompareReducer.reduce(&s, .key(.char("f")))
        #expect(s.pace == .perSecond(100) && s.message == "pace 100/s for all 4 sessions")
    }

    /// A tick at `now`, then a snapshot at `step`: the effects the reducer asks for.
    static func snapshot(_ s: inout AppState, step: Int, at now: Double) -> [Effect] {
        _ = Reducer.reduce(&s, .tick(now: now))
        var m = Fixtures.model()
        m.step = step
        return Reducer.reduce(&s, .snapshot(m))
    }

    @Test func theAutomaticSpectrumIsDueEvery200StepsAndAtMostOncePerSecond() {
        var s = Fixtures.state()
        s.spectrum = nil
        func snap(_ step: Int, at now: Double) -> [Effect] { Self.snapshot(&s, step: step, at: now) }
        #expect(snap(0, at: 0) == [.startJob(.spectrum)] && s.hessianComputing)
        #expect(snap(500, at: 5).isEmpty, "one at a time")
        _ = Reducer.reduce(&s, .spectrum(Fixtures.spectrum, build: 0))
        #expect(snap(150, at: 6).isEmpty, "fewer than 200 steps since the last")
        #expect(snap(250, at: 6.5) == [.startJob(.spectrum)])
        _ = Reducer.reduce(&s, .spectrum(nil, build: 0))
        #expect(s.spectrum == Fixtures.spectrum, "a failed job keeps the last spectrum")
        #expect(snap(900, at: 7.0).isEmpty, "less than a second since the last")
        #expect(snap(950, at: 7.6) == [.startJob(.spectrum)])
        s.hessianComputing = false
        s.autoHessian = false
        #expect(snap(5000, at: 20).isEmpty)
    }

    @Test func theAutomaticSpectrumWaitsWhileNoPaneShowsIt() {
        var s = Fixtures.state()
        s.spectrum = nil
        func snap(_ step: Int, at now: Double) -> [Effect] { Self.snapshot(&s, step: step, at: now) }
        #expect(s.visiblePanes.contains(.spectrum) && s.spectrumOnScreen)
        // Zoomed on another pane: the spectrum is off screen, so nothing is started however long it has been.
        s.zoomed = true
        s.focus = .loss
        #expect(!s.spectrumOnScreen)
        #expect(snap(0, at: 0).isEmpty && snap(5000, at: 30).isEmpty && !s.hessianComputing)
        // Zooming on the spectrum itself brings it back at once.
        s.focus = .spectrum
        #expect(snap(5001, at: 30.1) == [.startJob(.spectrum)])
        // Compare sessions show λmax in their boxes whatever the layout.
        var c = Fixtures.state()
        c.spectrumPolicy = SpectrumPolicy(job: .lambdaMax, every: 100)
        c.zoomed = true
        c.focus = .loss
        #expect(c.spectrumOnScreen)
    }

    @Test func ratesAreMeasuredFromTicksAndSteps() {
        var s = Fixtures.state()
        s.fps = 0
        s.stepsPerSecond = 0
        var m = Fixtures.model()
        for k in 0...60 {
            m.step = 50 * k
            _ = Reducer.reduce(&s, .snapshot(m))
            _ = Reducer.reduce(&s, .tick(now: Double(k) / 30))
        }
        // 30 frames a second, 1500 steps a second.
        #expect(abs(s.fps - 30) < 1e-9 && abs(s.stepsPerSecond - 1500) < 1e-9)
        // A rebuild starts again at step 0 in the middle of a window: the rate counts the new run only.
        for k in 61...90 {
            m.step = k < 75 ? 50 * k : 50 * (k - 75)
            _ = Reducer.reduce(&s, .snapshot(m))
            _ = Reducer.reduce(&s, .tick(now: Double(k) / 30))
        }
        #expect(abs(s.stepsPerSecond - 750) < 1e-9, "\(s.stepsPerSecond)")
    }

    @Test func aSweepIsRevealedTwoWidthsPerSecond() throws {
        var s = AppState(size: Size(width: 120, height: 36), preset: try PresetLibrary.load("double-descent"))
        #expect(!s.running && s.initialEffects.contains(.startJob(.sweep)))
        let seed = try #require(s.preset.experiment?.doubleDescent.seed)
        var full = DoubleDescentViewModel(plannedWidths: Array(1...10), trainCount: 4, seed: seed)
        for w in 1...10 { full.append(width: w, trainError: 0.1, testError: Double(w)) }
        _ = Reducer.reduce(&s, .tick(now: 0))
        _ = Reducer.reduce(&s, .doubleDescent(full))
        #expect(s.doubleDescent?.widths.count == 0)
        _ = Reducer.reduce(&s, .tick(now: 0.125))
        #expect(s.doubleDescent?.widths == [1])
        for k in 1...8 { _ = Reducer.reduce(&s, .tick(now: 0.125 + Double(k) * 0.25)) }
        #expect(s.doubleDescent?.widths.count == 5)
        // A curve of another seed (a sweep replaced meanwhile) is dropped.
        var other = full
        other.seed = seed + 1
        _ = Reducer.reduce(&s, .doubleDescent(other))
        #expect(s.sweep.computed?.seed == seed)
    }

    @Test func demosOfAnInitialStateStartPausedWithAHint() throws {
        for name in ["relu-regions", "relu-regions-4x4", "sawtooth", "initialisation"] {
            let s = AppState(size: Size(width: 120, height: 36), preset: try PresetLibrary.load(name))
            #expect(!s.running && s.message == "paused — space: train", "\(name)")
            #expect(s.initialEffects.contains(.setRunning(false)))
        }
        let d = AppState(size: Size(width: 120, height: 36), preset: try PresetLibrary.load("default"))
        #expect(d.running && d.message == nil && d.initialEffects.contains(.setRunning(true)))
    }
}
