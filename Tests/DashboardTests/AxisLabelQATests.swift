import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Faults found by driving the real dashboard in tmux (the qadash pass): numbers on axes cut into other
/// numbers, a loss of exactly 0 drawn under made-up decades, "step -1", a legend running into the last
/// step, and spectrum end labels inside λmax. Each test fails on the code before the fix.
@Suite struct AxisLabelQATests {
    func render(_ body: (inout Buffer, inout RenderContext) -> Void, _ w: Int, _ h: Int) -> [String] {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: w, height: h)
        body(&b, &ctx)
        return b.lines()
    }

    @Test func fitShortensNumbersInsteadOfCuttingThem() {
        #expect(Fmt.fit("5.6e-05", width: 6) == "5.6e-5")
        #expect(Fmt.fit("0.00016", width: 6) == "1.6e-4")
        #expect(Fmt.fit("3.2e-15", width: 6) == "3e-15")
        #expect(Fmt.fit("-5.6e-05", width: 6) == "-6e-5")
        #expect(Fmt.fit("0.0123", width: 6) == "0.0123")   // fits: unchanged
        #expect(Fmt.fit("step 12", width: 4) == "step 12") // not a number: the caller clips it
        #expect(Fmt.compactExponent("2.0e+05") == "2.0e5")
        #expect(Fmt.compactExponent("1e+00") == "1e0")
    }

    /// The moons loss pane showed "5.6e-0" for a training loss of 5.6e-05 (the label column is 6 wide).
    @Test func lossAxisLabelIsTheLossNotACutOfIt() throws {
        let m = LossViewModel(steps: [0, 100, 200], train: [0.8, 0.01, 5.6e-5], learningRate: 0.01)
        let lines = render({ b, ctx in
            LossPane.render(m, showTest: false, into: &b, area: b.bounds, focused: false, context: &ctx)
        }, 44, 8)
        let bottomLabelRow = try #require(lines.dropFirst().first { $0.contains("e-") })
        #expect(bottomLabelRow.contains("5.6e-5"))
        #expect(!lines.dropFirst().joined().contains("5.6e-0"))
    }

    /// Hand-set sawtooth weights fit exactly: the pane said "3.2e-1" at both ends of a flat line.
    @Test func allZeroLossSaysSoInsteadOfDrawingALine() {
        let m = LossViewModel(steps: [0, 100, 200], train: [0, 0, 0], learningRate: 0.001)
        let text = render({ b, ctx in
            LossPane.render(m, showTest: false, into: &b, area: b.bounds, focused: false, context: &ctx)
        }, 90, 8).joined(separator: "\n")
        #expect(text.contains("loss exactly 0"))
        #expect(!text.contains("e-1"))
    }

    /// A perfect fit in one compare session must not stretch the shared axes down to 1e-15.
    @Test func sharedAxesIgnoreExactZeros() throws {
        let zero = LossViewModel(steps: [0, 10], train: [0, 0], learningRate: 0.01)
        let other = LossViewModel(steps: [0, 10], train: [1.3, 0.5], learningRate: 0.01)
        let axes = try #require(LossPane.sharedAxes([(zero, showTest: false), (other, showTest: false)]))
        #expect(axes.logLoss.lowerBound > -1)
    }

    /// Every compare session at step 0: the axis was ±0.5 around it and its label read "step -1".
    @Test func sharedAxesAtTheFirstStepDoNotStartBelowZero() throws {
        let m = LossViewModel(steps: [0], train: [0.9], test: [0.87], learningRate: 0.01)
        let axes = try #require(LossPane.sharedAxes([(m, showTest: true)]))
        #expect(axes.steps.lowerBound == 0)
        let text = render({ b, ctx in
            LossPane.render(m, showTest: true, into: &b, area: b.bounds, focused: false, context: &ctx, shared: axes)
        }, 38, 8).joined(separator: "\n")
        #expect(text.contains("step 0"))
        #expect(!text.contains("step -1"))
    }

    /// A 19-wide compare loss pane wrote "─ train" over the last step: "step 0  ─ train69".
    @Test func legendNeverRunsIntoTheLastStep() throws {
        let m = LossViewModel(steps: [0, 800, 1569], train: [1.3, 1.3, 1.3], learningRate: 0.01)
        let lines = render({ b, ctx in
            LossPane.render(m, showTest: false, into: &b, area: b.bounds, focused: false, context: &ctx)
        }, 19, 7)
        let footer = try #require(lines.first { $0.contains("step 0") })
        #expect(footer.contains("1569"))
        #expect(!footer.contains("train1569") && !footer.contains("train69"))
    }

    /// The histogram's axis ran to the centre of the last bin (±591) while the λmax line said 659.
    @Test func spectrumAxisEndsAtLambdaMax() {
        let m = SpectrumViewModel(eigenvalues: [0, 591], weights: [12, 13], lambdaMax: 659, lambdaMin: -9.4e-15,
                                  negativeCount: 0, nearZeroCount: 12, parameterCount: 25, method: "exact, all 25",
                                  step: 10)
        let text = render({ b, ctx in
            SpectrumPane.render(m, currentStep: 10, computing: false, autoHessian: true, into: &b, area: b.bounds,
                                focused: false, context: &ctx)
        }, 44, 12).joined(separator: "\n")
        #expect(text.contains("-659"))
        #expect(!text.contains("591"))
    }
}

/// The fit pane's title in a narrow pane: the sawtooth at depth 5 once read "target 2^L=3" (2^L=32 clipped).
@Suite struct FitTitleQATests {
    func model(kinks: Int, bound: Int, note: String) -> FitViewModel {
        var m = Fixtures.fit
        m.kinks = (0..<kinks).map { Double($0) / Double(kinks) }
        m.pieceBound = bound
        m.kinkBoundNote = note
        return m
    }

    @Test func titleDropsTheNotesLeadingPartsBeforeCuttingANumber() {
        let m = model(kinks: 31, bound: 243, note: "Π(width+1), target 2⁵=32")
        #expect(FitPane.title(m, width: 200) == "Fit · kinks 31 · 32 pieces ≤ 243 (Π(width+1), target 2⁵=32)")
        #expect(FitPane.title(m, width: 58) == "Fit · kinks 31 · 32 pieces ≤ 243 (target 2⁵=32)")
        #expect(FitPane.title(m, width: 40) == "Fit · kinks 31 · 32 pieces ≤ 243")
        #expect(FitPane.title(m, width: 19) == "Fit · kinks 31")
    }

    /// One linear piece (a net whose units are all off, or all on) reads "1 piece", not "1 pieces".
    @Test func onePieceIsSingular() {
        let one = model(kinks: 0, bound: 81, note: "Π(width+1)")
        #expect(FitPane.title(one, width: 200).contains("· 1 piece ≤ 81"))
        #expect(!FitPane.title(one, width: 200).contains("pieces"))
        #expect(FitPane.title(model(kinks: 1, bound: 81, note: ""), width: 200).contains("· 2 pieces ≤ 81"))
        #expect(Plural.linearRegions(1) == "1 linear region" && Plural.linearRegions(37) == "37 linear regions")
    }

    @Test func renderedTitleNeverEndsInAClippedNumber() {
        let m = model(kinks: 31, bound: 243, note: "Π(width+1), target 2⁵=32")
        for width in 10...70 {
            var ctx = RenderContext(theme: Theme(mode: .color256))
            var b = Buffer(width: width, height: 12)
            FitPane.render(m, showKinks: true, showTest: true, into: &b, area: b.bounds, focused: false, context: &ctx)
            let top = b.lines()[0]
            #expect(!top.contains("2⁵=3─") && !top.contains("2⁵=3┐"), "width \(width): \(top)")
        }
    }
}

/// At 80×24 the caption has one row and stopped mid-formula with no sign that more was cut.
@Suite struct CaptionEllipsisQATests {
    @Test func aCutCaptionEndsWithAnEllipsisAtAWordBreak() {
        #expect(StatusBar.ellipsized(" a b c d e f", width: 8) == " a b c…")
        #expect(StatusBar.ellipsized(" fits", width: 8) == " fits")
        #expect(StatusBar.ellipsized(" abcdefghij", width: 6) == " abcd…")
    }

    @Test func theRenderedCaptionRowSaysItIsCut() throws {
        var s = Fixtures.state()
        s.showCaption = true
        // Longer than the caption's rows at 100×30 (as many as it needs while the panes keep 12 rows: 16).
        s.model?.caption = String(repeating: "a long claim with a formula f = W₂φ(W₁x) ", count: 60)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 80, height: 24)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        let lines = b.lines()
        let caption = lines[lines.count - 2]
        #expect(caption.last(where: { $0 != " " }) == "…", "\(caption)")
    }
}

/// The status line at 100 columns ended "loss 0." (0.0224 clipped): whole segments go, in a fixed order,
/// and the pace with the measured rate is never dropped.
@Suite struct StatusLineQATests {
    @Test func segmentsGoInTheDocumentedOrderAndThePaceStays() {
        let s = Fixtures.state()
        let full = "nnviz │ sawtooth │ running │ pace 200/s · 1500 steps/s │ step 500 ep 50 │ 30 fps │ sawtooth · relu · adam lr 1e-3 │ loss 0.0167"
        #expect(StatusBar.statusText(s) == full)
        var seen: [String] = []
        for width in stride(from: full.count + 5, through: 0, by: -1) {
            let line = StatusBar.fitted(StatusBar.segments(s), width: width)
            #expect(line.contains("pace 200/s · 1500 steps/s"), "at \(width): \(line)")
            #expect(line.count <= max(width, "pace 200/s · 1500 steps/s".count))
            if seen.last != line { seen.append(line) }
        }
        #expect(seen == [
            full,
            "nnviz │ sawtooth │ running │ pace 200/s · 1500 steps/s │ step 500 ep 50 │ sawtooth · relu · adam lr 1e-3 │ loss 0.0167",
            "nnviz │ sawtooth │ running │ pace 200/s · 1500 steps/s │ step 500 │ sawtooth · relu · adam lr 1e-3 │ loss 0.0167",
            "nnviz │ running │ pace 200/s · 1500 steps/s │ step 500 │ sawtooth · relu · adam lr 1e-3 │ loss 0.0167",
            "running │ pace 200/s · 1500 steps/s │ step 500 │ sawtooth · relu · adam lr 1e-3 │ loss 0.0167",
            "running │ pace 200/s · 1500 steps/s │ step 500 │ sawtooth · relu · adam lr 1e-3",
            "running │ pace 200/s · 1500 steps/s │ step 500",
            "running │ pace 200/s · 1500 steps/s",
            "pace 200/s · 1500 steps/s",
        ])
    }

    /// `--present`: the left part of the status line keeps the pace when it is cut.
    @Test func presentationStatusKeepsThePace() {
        var s = Fixtures.state()
        s.presenting = true
        #expect(PresentationBars.statusText(s).left == " nnviz · sawtooth · step 500 · running · pace 200/s · 1500 steps/s")
        #expect(PresentationBars.statusText(s, width: 50).left == " step 500 · running · pace 200/s · 1500 steps/s")
        #expect(PresentationBars.statusText(s, width: 40).left == " running · pace 200/s · 1500 steps/s")
        #expect(PresentationBars.statusText(s, width: 10).left == " pace 200/s · 1500 steps/s")
    }

    /// After an edit the status bar names the current data set, activation and optimiser, and the title
    /// says "edited" with a caption of the current set-up.
    @Test func editsShowInTheStatusBarAndTheCaption() {
        var s = Fixtures.state(width: 160, height: 40)
        for key: Unicode.Scalar in ["d", "a", "o"] { _ = Reducer.reduce(&s, .key(.char(key))) }
        let line = StatusBar.statusText(s)
        #expect(line.contains("sine · leaky_relu · adamw lr 1e-3"), "\(line)")
        #expect(line.contains("sawtooth (edited)") || line.contains("fixture (edited)"), "\(line)")
        guard let m = s.model else { Issue.record("no model"); return }
        let caption = StatusBar.captionText(s, m)
        #expect(caption.hasPrefix("Sawtooth (edited) — now a [1, 16, 16, 1] leaky_relu net trained by adamw at lr 1e-3 on sine data (64 points)"))
        #expect(!caption.contains("depth doubles the pieces"))
    }
}
