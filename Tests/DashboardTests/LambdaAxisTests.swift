import Foundation
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Compare mode's λmax panes share the loss panes' steps (from step 0, so the auto rule turns them log as it
/// turns the loss log), a diverged session's pane spans its run and marks the blow-up, and a paused spectrum
/// says "paused" rather than an age that only grows.
@Suite struct LambdaAxisTests {
    /// λmax every 100 steps up to 1300 of a 1356-step run (learning-rates at the audit's step).
    static var sampled: LambdaHistory {
        var h = LambdaHistory()
        for s in stride(from: 100, through: 1300, by: 100) { h.record(step: s, value: 2 + Double(s) / 1000) }
        return h
    }

    static func render(_ h: LambdaHistory, axes: LambdaPane.Axes?, divergedAt: Int? = nil) -> [String] {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 40, height: 10)
        LambdaPane.render(h, computing: false, axes: axes, shared: divergedAt == nil, divergedAt: divergedAt, into: &b,
                          area: Rect(x: 0, y: 0, width: 40, height: 10), context: &ctx)
        return b.lines()
    }

    @Test func autoRuleCountsFromStepOneNotTheFirstSample() throws {
        let axes = try #require(LambdaPane.sharedAxes([Self.sampled], through: 1356))
        #expect(axes.steps == 0...1356)
        #expect(StepAxis(axes.steps, scale: .auto).isLog, "1356 steps from step 1 span more than 2 decades")
        let footer = Self.render(Self.sampled, axes: axes)[8]
        #expect(footer.contains("step 0 log") && footer.contains("1356") && footer.contains("100"), "\(footer)")
        // Within two decades from step 1 the axis stays linear.
        var early = LambdaHistory()
        early.record(step: 0, value: 3)
        early.record(step: 50, value: 4)
        #expect(!StepAxis(try #require(LambdaPane.sharedAxes([early], through: 100)).steps, scale: .auto).isLog)
    }

    /// η = 2: one λmax (at step 0), diverged at step 96 — the pane spans the loss pane's 0…96 and marks it.
    @Test func divergedSessionSpansItsRunAndIsMarked() throws {
        var h = LambdaHistory()
        h.record(step: 0, value: 27.5)
        let axes = try #require(LambdaPane.sharedAxes([h], through: 96))
        #expect(axes.steps == 0...96)
        let lines = Self.render(h, axes: axes, divergedAt: 96)
        let text = lines.joined(separator: "\n")
        #expect(text.contains("diverged @96") && text.contains("✕"), "\(text)")
        #expect(lines[8].contains("step 0") && lines[8].contains("96"), "\(lines[8])")
    }

    /// The compare renderer gives the diverged panel its loss steps; the live ones share the loss range.
    @Test func compareLambdaPanesUseTheLossSteps() throws {
        var s = CompareReducerTests.state(sessions: 2, width: 160, height: 48)
        let last = try #require(s.sessions[0].app.model?.lossCurves.steps.last)
        let scales = CompareRenderer.sharedScales(s)
        #expect(scales.lambda?.steps.upperBound == Double(max(last, 400)))
        #expect(scales.lambda?.steps.lowerBound == 0)
        s.sessions[1].app.model?.divergedAtStep = last
        let text = PresetScreens.render(s).lines().joined(separator: "\n")
        #expect(text.contains("diverged @\(last)"))
    }

    @Test func pausedSpectrumSaysPausedInsteadOfAGrowingAge() {
        let m = SpectrumAxisTests.model
        let running = SpectrumPane.info(m, currentStep: 707, ageSeconds: 40)
        #expect(running.contains("307 steps old · 40 s ago"))
        let paused = SpectrumPane.info(m, currentStep: 707, ageSeconds: 40, paused: true)
        #expect(paused == "exact, all 321 · step 400 · 307 steps old · paused", "\(paused)")
        #expect(SpectrumPane.info(m, currentStep: 707, ageSeconds: 40, paused: true, width: 34) == "step 400 · 307 steps old, paused")
        #expect(SpectrumPane.info(m, currentStep: 707, ageSeconds: 40, paused: true, width: 24) == "307 steps old, paused")
        // Through the renderer: a paused dashboard's spectrum pane.
        var s = Fixtures.state(width: 120, height: 36)
        s.running = false
        s.spectrumAt = 1
        s.now = 500
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        let text = b.lines().joined(separator: "\n")
        #expect(text.contains("paused") && !text.contains("499 s"), "\(text)")
    }
}
