import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Compare mode's keys: focus (1–4), broadcast (0), what acts on one session and what on all.
@Suite struct CompareReducerTests {
    static func state(sessions n: Int, width: Int = 160, height: Int = 48) -> CompareState {
        let labels = ["SGD lr 0.1", "momentum 0.9", "Adam lr 0.01", "AdamW wd 0.01"]
        var s = CompareState(size: Size(width: width, height: height), sessions: (0..<n).map { i in
            var app = Fixtures.state(width: width, height: height)
            app.preset.training.optimizer = OptimizerSpec(name: [.sgd, .momentum, .adam, .adam][i], lr: [0.1, 0.05, 0.01, 0.01][i])
            app.openedPreset = app.preset   // the session opened with this optimiser (its label is the preset's)
            app.stepsPerSecond = Double(400 * (i + 1))
            var m = Fixtures.model()
            m.step = 500
            m.loss = [0.2, 0.05, 0.0167, 0.02][i]
            m.lossCurves.train = m.lossCurves.train.map { $0 * Double(i + 1) }
            m.lossCurves.test = m.lossCurves.test.map { $0 * Double(i + 1) }
            app.model = m
            var session = CompareSession(label: labels[i], app: app)
            for k in 0...4 { session.lambdas.record(step: k * 100, value: Double(i + 1) * (2 + Double(k))) }
            return session
        })
        s.fps = 30
        return s
    }

    @discardableResult
    static func press(_ s: inout CompareState, _ c: Unicode.Scalar) -> [CompareEffect] {
        CompareReducer.reduce(&s, .key(.char(c)))
    }

    @Test func digitsFocusAndZeroBroadcasts() {
        var s = Self.state(sessions: 3)
        #expect(s.focused == nil && s.targets == [0, 1, 2])
        Self.press(&s, "2")
        #expect(s.focused == 1 && s.targets == [1])
        Self.press(&s, "4")   // only 3 sessions: focus stays, a message says why
        #expect(s.focused == 1 && s.message?.contains("no session 4") == true)
        Self.press(&s, "0")
        #expect(s.focused == nil && s.targets == [0, 1, 2])
        // Tab: all → 1 → 2 → 3 → all.
        var order: [Int?] = []
        for _ in 0..<4 {
            _ = CompareReducer.reduce(&s, .key(.tab))
            order.append(s.focused)
        }
        #expect(order == [0, 1, 2, nil])
    }

    @Test func sessionKeysActOnTheFocusedSessionOnly() {
        var s = Self.state(sessions: 4)
        Self.press(&s, "3")
        let before = s.sessions.map(\.app.preset.training.optimizer.lr)
        let effects = Self.press(&s, "+")
        #expect(effects == [.session(2, .setLearningRate(before[2] * 2))])
        #expect(s.sessions.map(\.app.preset.training.optimizer.lr) == [before[0], before[1], before[2] * 2, before[3]])
        let reset = Self.press(&s, "r")
        #expect(reset.count == 1)
        guard case .session(2, .rebuild(let p, _)) = reset.first else {
            Issue.record("r on session 3 gave \(reset)")
            return
        }
        #expect(p == s.sessions[2].app.preset && p.training.seed == 2)
        #expect(s.sessions[0].app.preset.training.seed == 1)
    }

    @Test func withoutFocusKeysActOnAll() {
        var s = Self.state(sessions: 4)
        let effects = Self.press(&s, "f")
        #expect(effects == (0..<4).map { .session($0, .setPace(.perSecond(500))) })
        let reset = Self.press(&s, "R")
        #expect(reset.count == 4 && s.sessions.allSatisfy { $0.lambdas.values.isEmpty })
        let h = Self.press(&s, "h")
        #expect(h == (0..<4).map { .session($0, .startJob(.spectrum)) })
    }

    /// Space without focus never leaves some sessions running and others paused.
    @Test func broadcastPauseIsOneDecision() {
        var s = Self.state(sessions: 3)
        s.sessions[1].app.running = false
        var effects = Self.press(&s, " ")
        #expect(effects == (0..<3).map { .session($0, .setRunning(false)) })
        #expect(s.sessions.allSatisfy { !$0.app.running })
        effects = Self.press(&s, " ")
        #expect(effects == (0..<3).map { .session($0, .setRunning(true)) })
        // Focused: only that one toggles.
        Self.press(&s, "2")
        effects = Self.press(&s, " ")
        #expect(effects == [.session(1, .setRunning(false))])
        #expect(s.sessions.map(\.app.running) == [true, false, true])
    }

    /// Data keys act on every session even with a focus, so the sessions keep sharing their data.
    @Test func dataKeysAlwaysActOnAll() {
        var s = Self.state(sessions: 2)
        Self.press(&s, "1")
        let effects = Self.press(&s, "d")
        #expect(effects.count == 2)
        #expect(s.sessions[0].app.preset.data == s.sessions[1].app.preset.data)
        #expect(s.sessions[0].app.preset.data.kind == .sine)
    }

    @Test func zoomNeedsAFocusAndZeroUnzooms() {
        var s = Self.state(sessions: 4)
        Self.press(&s, "z")
        #expect(!s.zoomed && s.message?.contains("press 1–4 first") == true)
        Self.press(&s, "2")
        Self.press(&s, "z")
        #expect(s.zoomed)
        let layout = CompareLayout(state: s)
        #expect(layout.panels[1].width == 160 && layout.panels.enumerated().allSatisfy { $0.offset == 1 || $0.element.isEmpty })
        Self.press(&s, "0")
        #expect(!s.zoomed && s.focused == nil)
    }

    @Test func helpAndQuitAreGlobal() {
        var s = Self.state(sessions: 2)
        Self.press(&s, "?")
        #expect(s.showHelp)
        _ = CompareReducer.reduce(&s, .key(.escape))
        #expect(!s.showHelp)
        #expect(Self.press(&s, "q") == [.quit] && s.quitRequested)
    }

    /// A divergence arriving for one session pauses that one (message in its panel); the others run on.
    @Test func divergenceOfOneSessionPausesOnlyIt() {
        var s = Self.state(sessions: 3)
        var m = Fixtures.model()
        m.divergedAtStep = 42
        let effects = CompareReducer.reduce(&s, .session(1, .snapshot(m)))
        #expect(effects == [.session(1, .setRunning(false))])
        #expect(s.sessions.map(\.app.running) == [true, false, true])
        #expect(s.sessions[1].app.message?.contains("diverged at step 42") == true)
        #expect(s.sessions[0].app.message == nil)
    }

    @Test func spectraFeedTheLambdaHistoryAndClicksFocus() {
        var s = Self.state(sessions: 2)
        var spec = Fixtures.spectrum
        spec.step = 900
        spec.lambdaMax = 7.5
        _ = CompareReducer.reduce(&s, .session(0, .spectrum(spec, build: 0)))
        #expect(s.sessions[0].lambdas.steps.last == 900 && s.sessions[0].lambdas.values.last == 7.5)
        #expect(s.sessions[1].lambdas.steps.last == 400)
        _ = CompareReducer.reduce(&s, .session(1, .spectrum(spec, build: 3)))   // of another build: ignored
        #expect(s.sessions[1].lambdas.steps.last == 400)
        _ = CompareReducer.reduce(&s, .session(7, .spectrum(spec, build: 0)))   // no such session: ignored
        let right = CompareLayout(state: s).panels[1]
        _ = CompareReducer.reduce(&s, .mouse(MouseEvent(x: right.x + 3, y: right.y + 3, button: .left)))
        #expect(s.focused == 1)
    }

    @Test func lambdaHistoryIsBounded() {
        var h = LambdaHistory()
        for i in 0..<(LambdaHistory.capacity + 10) { h.record(step: i, value: Double(i)) }
        h.record(step: LambdaHistory.capacity + 9, value: -1)   // same step: replaced
        h.record(step: 10_000, value: .nan)                     // not finite: ignored
        // Thinned, not cut: the first value stays (early detail for a log step axis), the newest is the replacement.
        #expect(h.steps.count <= LambdaHistory.capacity && h.steps.count >= LambdaHistory.capacity / 2)
        #expect(h.steps.first == 0 && h.steps.last == LambdaHistory.capacity + 9 && h.values.last == -1)
        for (a, b) in zip(h.steps, h.steps.dropFirst()) { #expect(b > a && b - a <= 2) }
    }
}
