import Foundation
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The log/linear step axis of history plots, a diverged run's last values, and the 8-colour theme.
@Suite struct StepAxisAndColorTests {
    @Test func autoSwitchesToLogPastTwoDecades() {
        #expect(!StepAxis(first: 0, last: 100, scale: .auto).isLog)
        #expect(StepAxis(first: 0, last: 101, scale: .auto).isLog)
        #expect(!StepAxis(first: 500, last: 40_000, scale: .auto).isLog)
        #expect(StepAxis(first: 0, last: 10, scale: .log).isLog)
        #expect(!StepAxis(first: 0, last: 1_000_000, scale: .linear).isLog)
        // Log position: log10(step), step 0 sharing step 1's place; one decade of width per decade.
        let a = StepAxis(first: 0, last: 1_000_000, scale: .auto)
        #expect(a.range == 0...6)
        #expect(abs(a.x(1000) - 3) < 1e-12 && a.x(0) == 0)
        #expect(a.decades == [1, 10, 100, 1000, 10_000, 100_000])
    }

    /// One step (or none yet) never gives a negative step on the axis.
    @Test func degenerateRangesStartAtTheirStep() {
        let a = StepAxis(first: 0, last: 0, scale: .auto)
        #expect(a.first == 0 && a.last == 1)
        let b = StepAxis(first: -0.5, last: 0.5, scale: .linear)
        #expect(b.first == 0)
        #expect(StepAxis.label(0) == "0" && StepAxis.label(12_000) == "12k" && StepAxis.label(2_500_000) == "2.5M")
    }

    /// A loss pane over a million steps: the footer says "log" and names decades; the early fall of the loss
    /// (within the first 100 steps) takes a third of the plot's width instead of no column at all.
    @Test func lossPaneDrawsALogAxisOverALongRun() {
        var steps = Array(0...100)
        steps += stride(from: 200, to: 1_000_000, by: 5000)
        steps.append(1_000_000)
        let m = LossViewModel(steps: steps, train: steps.map { 1 / (1 + Double($0)) + 1e-3 }, lossName: "mse", learningRate: 0.01)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var buffer = Buffer(width: 80, height: 12)
        LossPane.render(m, showTest: false, into: &buffer, area: Rect(x: 0, y: 0, width: 80, height: 12), focused: false,
                        context: &ctx)
        let footer = buffer.lines()[10]
        #expect(footer.contains("step 0 log"))
        #expect(footer.contains("1k") && footer.contains("1M"))
        // Columns holding curve dots in the plot's first third (steps ≤ 100 on the log axis).
        let plotX = 1 + Axis.labelWidth(78), plotW = 78 - Axis.labelWidth(78)
        var early = 0
        for x in plotX..<(plotX + plotW / 3) where (1..<10).contains(where: { buffer[x, $0].character != " " }) { early += 1 }
        #expect(early >= plotW / 3 - 2)
        ctx.stepScale = .linear
        LossPane.render(m, showTest: false, into: &buffer, area: Rect(x: 0, y: 0, width: 80, height: 12), focused: false,
                        context: &ctx)
        #expect(!buffer.lines()[10].contains("log"))
    }

    /// `L` cycles auto → linear → log → auto, says what it did, and reaches the panes through the renderer.
    @Test func keyLCyclesTheStepAxis() {
        var s = Fixtures.state()
        _ = Reducer.reduce(&s, .key(.char("L")))
        #expect(s.stepScale == .linear && s.message?.contains("linear") == true && !s.landscape.logSteps)
        _ = Reducer.reduce(&s, .key(.char("L")))
        #expect(s.stepScale == .log && s.landscape.logSteps)
        _ = Reducer.reduce(&s, .key(.char("L")))
        #expect(s.stepScale == .auto && s.message?.contains("2 decades") == true)
        #expect(Keymap.binding(for: .toggleStepAxis)?.keyLabel == "L")
    }

    /// A diverged run: the curve runs to its last finite value, which is marked, and the pane says where.
    @Test func divergedLossShowsItsLastFiniteValues() {
        var m = LossViewModel(steps: Array(0...96), train: (0...96).map { pow(1.2, Double($0)) }, lossName: "mse",
                              learningRate: 2)
        m.train[96] = .infinity
        m.divergedAtStep = 96
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var buffer = Buffer(width: 60, height: 12)
        LossPane.render(m, showTest: false, into: &buffer, area: Rect(x: 0, y: 0, width: 60, height: 12), focused: false,
                        context: &ctx)
        let text = buffer.lines().joined(separator: "\n")
        #expect(text.contains("diverged @96"))
        #expect(text.contains("✕"))
        #expect(!text.contains("step -1"))
        // The curve is drawn (braille dots in many columns), not two dots.
        var columns = 0
        for x in 8..<59 where (1..<10).contains(where: { (0x2800...0x28FF).contains(buffer[x, $0].character.value) }) { columns += 1 }
        #expect(columns > 30)
    }

    /// 8 colours (TERM=xterm): no style uses a colour index ≥ 8, dim text is the default colour with the dim
    /// attribute, and a whole rendered dashboard has no cell in black on the default background.
    @Test func eightColourModeNeverDrawsBlackText() {
        let theme = Theme.detect(colors: 8, noColor: false, ascii: false)
        #expect(theme.mode == .color8)
        #expect(theme.onlyUses(colors: 8))
        #expect(!Theme(mode: .color16).onlyUses(colors: 8))   // the 16-colour theme is what went wrong
        #expect(theme.dim.fg.isDefault && theme.dim.attributes.contains(.dim))
        #expect(Theme.highContrast(mode: .color8).onlyUses(colors: 8))
        var ctx = RenderContext(theme: theme)
        var buffer = Buffer(width: 100, height: 30)
        for dim in [1, 2] {
            DashboardRenderer.render(Fixtures.state(width: 100, height: 30, inputDimension: dim), into: &buffer, context: &ctx)
            for y in 0..<30 {
                for x in 0..<100 {
                    let c = buffer[x, y]
                    #expect(Int(c.fg.index) < 8 && Int(c.bg.index) < 8)
                    if c.character != " " && c.bg.isDefault { #expect(c.fg != .black, "black text at \(x),\(y)") }
                }
            }
        }
    }
}

/// The spectrum pane's axes: decades labelled, counts labelled, the ≈0 bar exactly the ≈0 count, λmin and
/// λmax marked, a legend, and the age in seconds.
@Suite struct SpectrumAxisTests {
    /// An interpolating minimum: 315 of 321 eigenvalues ≈0 (handed over as one histogram bin around 0 holding
    /// them and one small eigenvalue), 6 positive up to 13.6.
    static var model: SpectrumViewModel {
        SpectrumViewModel(eigenvalues: [-0.08, 0.001, 0.5, 2, 5, 9, 13.6], weights: [1, 315, 1, 1, 1, 1, 1],
                          lambdaMax: 13.6, lambdaMin: -0.08, negativeCount: 1, nearZeroCount: 315, parameterCount: 321,
                          method: "exact, all 321", step: 400)
    }

    func render(width: Int = 60, height: Int = 16, age: Int? = 12) -> Buffer {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: width, height: height)
        SpectrumPane.render(Self.model, currentStep: 520, computing: false, autoHessian: true, ageSeconds: age, into: &b,
                            area: Rect(x: 0, y: 0, width: width, height: height), focused: false, context: &ctx)
        return b
    }

    @Test func axesLegendAndAge() {
        let b = render()
        let lines = b.lines()
        #expect(lines[3].contains("120 steps old · 12 s ago"))
        let text = lines.joined(separator: "\n")
        #expect(text.contains("λmin λmax") && text.contains("≈0") && text.contains("log count"))
        // The axis row (above the legend): 0, and decades 1 and 10 on the positive side.
        let axis = lines[b.height - 3]
        #expect(axis.contains(" 0 ") || axis.contains("0"))
        #expect(axis.contains(" 1 ") && axis.contains("0.1"))
        #expect(axis.contains("▲"))
        // Count ticks: the largest count is the ≈0 count, and it labels the top of the bars.
        #expect(lines[4].contains("315"))
    }

    /// The ≈0 bar is the tallest (315 eigenvalues), drawn in its own colour in the centre column.
    @Test func decadeTicks() {
        #expect([1, 10, 100, 1000, 0.1, 0.01, 0.001, -10].map(SpectrumPane.tick) == ["1", "10", "100", "1e3", "0.1", "0.01", "1e-3", "-10"])
    }

    @Test func nearZeroBarIsTheTallest() throws {
        let b = render()
        let theme = Theme(mode: .color256)
        var heights: [Int: Int] = [:]
        var zeroColumn: Int?
        for x in 1..<(b.width - 1) {
            for y in 4..<(b.height - 3) where theme.glyphs.bars.dropFirst().contains(b[x, y].character) {
                heights[x, default: 0] += 1
                if b[x, y].fg == theme.secondary { zeroColumn = x }
            }
        }
        let zero = try #require(zeroColumn)
        #expect(heights[zero] == heights.values.max())
        #expect(heights.count >= 5)
    }
}
