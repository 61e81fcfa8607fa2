import Foundation
import Testing
import NNCore
import NNSession
import NNAnalysis
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The claim tests are the ONE registry of claims, `PresetClaims` (what `nnviz lecture --check` runs): every
/// registered preset trained to its `view.claim_step`, its snapshot turned into the dashboard's own view models
/// (what the screen shows), and its check's numbers compared with the caption's and the deck's words. What
/// only the Dashboard can show (a pane's title, the rendered NTK verdict) is checked here on top, from the
/// same sessions and the numbers the registry recorded.
@Suite(.serialized) struct PresetClaimScreenTests {
    /// Presets whose caption and lecture-guide entry state no number or comparison tied to training (their
    /// claims are definitions or are checked elsewhere against closed forms), with the reason. One entry per
    /// line: a preset leaves the list when its check is registered.
    static let withoutStepClaim: [String: String] = [
        "default": "a definition (piecewise linear), no number",
        "moons": "a definition (the boundary is a polyline)",
        "gaussians": "no number",
        "xor": "no number",
        "spiral": "no number",
        "spiral-3": "a definition of softmax cross-entropy",
        "checkerboard": "no number",
        "layernorm-deep": "its claim is the normalisation preset's, checked there",
    ]

    /// Every shipped preset either has a registered check and a claim step, or is listed without one (with
    /// the reason); every registered check belongs to a shipped preset.
    @Test func everyPresetIsAccountedFor() throws {
        let shipped = try PresetLibrary.list().map(\.name)
        for name in shipped {
            let preset = try PresetLibrary.load(name)
            let checked = PresetClaims.checks[name] != nil
            if let reason = Self.withoutStepClaim[name] {
                #expect(!checked && preset.view.claimStep == nil, "\(name) is listed without a claim (\(reason)) but has one")
            } else {
                #expect(checked, "\(name): register a check in PresetClaims or list the reason it has none")
                #expect(preset.view.claimStep != nil, "\(name): its check needs a view.claim_step")
            }
        }
        for name in PresetClaims.names { #expect(shipped.contains(name), "\(name) has a check but is no shipped preset") }
        for name in Self.withoutStepClaim.keys { #expect(shipped.contains(name), "\(name) is listed but is no shipped preset") }
    }

    /// Every step of the lecture deck checks its claim in `nnviz lecture --check` (no null verdicts).
    @Test func everyDeckStepHasACheck() throws {
        let deck = try LectureDeck.load()
        for (i, step) in deck.steps.enumerated() {
            #expect(PresetClaims.checks[step.presetName] != nil && step.preset.view.claimStep != nil,
                    "deck step \(i + 1) (\(step.presetName)) has no registered check")
            #expect(Self.withoutStepClaim[step.presetName] == nil, "deck step \(i + 1) (\(step.presetName)) is exempt")
        }
    }

    /// Captions are plain Unicode that common terminal fonts have: no TeX sub- or superscripts (`_x`, `^x`,
    /// `_{`, `^{`: write ₀…₉, ⁰…⁹ or words), no subscript-letter ℓ. The lecture deck's titles and speaker notes too.
    @Test func captionsArePlainText() throws {
        var texts: [(String, String)] = []
        for entry in try PresetLibrary.list() {
            let p = try PresetLibrary.load(entry.name)
            for text in [p.caption, p.title, p.description] { texts.append((entry.name, text)) }
        }
        for step in try LectureDeck.load().steps {
            for text in [step.title] + step.notes { texts.append(("deck: \(step.presetName)", text)) }
        }
        for (name, text) in texts {
            #expect(!Self.hasTeXScript(text) && !text.contains("_ℓ") && !text.contains("ₗ"), "\(name): \(text)")
        }
    }

    /// True when `text` has `_` or `^` followed by a letter, digit, `{` or `(`: TeX-style scripts.
    static func hasTeXScript(_ text: String) -> Bool {
        let chars = Array(text)
        for (i, c) in chars.enumerated() where (c == "_" || c == "^") && i + 1 < chars.count {
            let n = chars[i + 1]
            if n.isLetter || n.isNumber || n == "{" || n == "(" { return true }
        }
        return false
    }

    @Test func texScriptsAreFound() {
        #expect(Self.hasTeXScript("η_t") && Self.hasTeXScript("2^L") && Self.hasTeXScript("2^{2−L}")
                && Self.hasTeXScript("softmax(f)_c") && Self.hasTeXScript("fan_in"))
        #expect(!Self.hasTeXScript("2⁴ = 16") && !Self.hasTeXScript("K₀") && !Self.hasTeXScript("a _ b"))
    }

    /// Each registered claim, trained to its claim step and checked by the registry; then what the Dashboard
    /// draws from the same sessions (`screen`).
    @Test(arguments: PresetClaims.names) func claim(_ name: String) throws {
        let preset = try PresetLibrary.load(name)
        let step = try #require(preset.view.claimStep, "\(name) has no view.claim_step")
        let check = try #require(PresetClaims.checks[name])
        let sessions = try PresetClaims.sessions(preset, step: step)
        let result = check(sessions)
        let numbers = result.numbers.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        #expect(result.ok, "\(name): \(result.failures.joined(separator: "; ")) [\(numbers)]")
        try Self.screen[name]?(sessions, result)
    }

    /// The pane titles and texts that show a claim's numbers (what only the Dashboard draws).
    static let screen: [String: @Sendable ([ClaimSession], ClaimResult) throws -> Void] = [
        "sawtooth": sawtoothTitle, "shallow-width": shallowWidthTitle, "initialisation": initialisationTitle,
        "optimizers": optimizersTitle, "features": featuresTitle, "ntk-lazy": ntkLazyScreen,
    ]

    /// `sawtooth`: the fit pane's title reads the 2^L pieces.
    static func sawtoothTitle(_ s: [ClaimSession], _ r: ClaimResult) throws {
        let fit = try #require(s[0].model.fit)
        let L = try #require(r["depth"])
        #expect(FitPane.title(fit).contains("\(1 << Int(L)) pieces"))
    }

    /// `shallow-width`: the fit pane's title reads the bound width + 1.
    static func shallowWidthTitle(_ s: [ClaimSession], _ r: ClaimResult) throws {
        let fit = try #require(s[0].model.fit)
        let width = try #require(r["width"])
        #expect(FitPane.title(fit).contains("pieces ≤ \(Int(width) + 1)"))
    }

    /// `initialisation`: the activations pane's title shows He's factor per layer, the one the claim checked.
    static func initialisationTitle(_ s: [ClaimSession], _ r: ClaimResult) throws {
        let he = try #require(r["factor_per_layer[He]"])
        #expect(ActivationsPane.title(s[2].model.activations).contains("×" + Fmt.num(he) + " per layer"))
    }

    /// `optimizers`: the loss title shows SGD's training loss, the one the claim compared.
    static func optimizersTitle(_ s: [ClaimSession], _ r: ClaimResult) throws {
        let loss = try #require(r["loss[\(s[0].label)]"])
        #expect(LossPane.title(s[0].model.lossCurves).contains("train " + Fmt.num(loss)))
    }

    /// `features`: the loss title shows the raw linear model's accuracy, the one the claim checked.
    static func featuresTitle(_ s: [ClaimSession], _ r: ClaimResult) throws {
        let acc = try #require(r["accuracy[\(s[0].label)]"])
        #expect(LossPane.title(s[0].model.lossCurves).contains("acc " + Fmt.percent(acc)))
    }

    /// `ntk-lazy`: the NTK pane's own run (the job the dashboard starts), through the reducer into the pane:
    /// its verdict reads the ratio the claim checked ("moved 23.3× less"); its losses are labelled as its own run's.
    static func ntkLazyScreen(_ s: [ClaimSession], _ r: ClaimResult) throws {
        var state = Fixtures.state(width: 160, height: 48)
        state.apply(presetView: s[0].session.preset)
        _ = Reducer.reduce(&state, .snapshot(s[0].model))
        var last: NTKDriftResult?
        LectureJobs.run(featured: .ntk, snapshot: s[0].snapshot, isCancelled: { false }) { update in
            if case .ntk(let result) = update { last = result }
        }
        let result = try #require(last)
        _ = Reducer.reduce(&state, .lecture(.ntk(result), key: try #require(state.lectureKey)))
        let ratio = result.narrow.last / result.wide.last
        #expect(ratio == r["ratio"], "the screen's run gave \(ratio), the claim's \(r["ratio"] ?? .nan)")
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(state, into: &b, context: &ctx)
        let text = b.lines().joined(separator: "\n")
        #expect(text.contains("moved \(Fmt.num(ratio))× less"))
        #expect(text.contains("own run: loss"))
    }
}
