import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// An edit that falsifies a preset's claim shows on screen: the caption describes the set-up instead (whole,
/// in as many rows as it needs), compare panels are labelled by what they train now, and a learning-rate
/// change counts as such an edit.
@Suite struct CaptionEditTests {
    @Test func compareOptimiserEditRelabelsThePanelAndEditsTheCaption() throws {
        let preset = try PresetLibrary.load("optimizers")
        var s = try PresetScreens.compare(preset, width: 160, height: 48)
        let before = PresetScreens.squeezed(PresetScreens.text(PresetScreens.render(s), CompareLayout(state: s).caption))
        #expect(before.contains("SGD's loss is the highest"), "\(before)")
        #expect(s.title(0) == "1 · SGD")
        CompareReducerTests.press(&s, "1")
        CompareReducerTests.press(&s, "o")
        let now = s.sessions[0].app.preset.training.optimizer
        #expect(now.name != .sgd)
        let b = PresetScreens.render(s)
        let screen = b.lines().joined(separator: "\n")
        let expected = "1 · \(now.name.rawValue) lr 0.01 (edited)"
        #expect(s.title(0) == expected)
        #expect(screen.contains("┌ ▶ " + expected), "panel title")
        #expect(!screen.contains("1 · SGD"))
        // The other panels keep their labels: their set-up is the preset's.
        #expect(screen.contains("2 · momentum 0.9 "))
        let caption = PresetScreens.squeezed(PresetScreens.text(b, CompareLayout(state: s).caption))
        #expect(caption.contains("(edited)") && !caption.contains("SGD's loss is the highest"), "\(caption)")
        #expect(caption.contains("1 · [1, 16, 16, 1] tanh \(now.name.rawValue) lr 0.01"), "\(caption)")
        #expect(caption.hasSuffix("the preset's caption was about its own set-up."), "\(caption)")
    }

    @Test func compareDataEditNamesTheDataEverywhere() throws {
        let preset = try PresetLibrary.load("optimizers")
        var s = try PresetScreens.compare(preset, width: 160, height: 48)
        let first = s.sessions[0].app.preset.data.kind
        CompareReducerTests.press(&s, "d")
        let data = s.sessions[0].app.preset.data.kind
        #expect(data != first && s.sessions.allSatisfy { $0.app.preset.data.kind == data })
        let b = PresetScreens.render(s)
        let lines = b.lines()
        #expect(lines[0].contains("\(data.name) data"), "status bar: \(lines[0])")
        let caption = PresetScreens.squeezed(PresetScreens.text(b, CompareLayout(state: s).caption))
        #expect(caption.contains("(edited)") && caption.contains("now on \(data.name) data"), "\(caption)")
        #expect(!caption.contains("SGD's loss is the highest"))
        for i in s.sessions.indices {
            #expect(s.title(i).hasSuffix("(edited)"))
            let panel = PresetScreens.text(b, CompareLayout(state: s).panels[i])
            #expect(panel.contains("\(data.name) data") && panel.contains("tanh"), "session \(i + 1): \(panel)")
        }
    }

    /// The panel keeps test loss and λmax whole at 100×30 with the data and activation added (they come after).
    @Test func numbersLineKeepsTheClaimNumbersFirst() throws {
        let preset = try PresetLibrary.load("optimizers")
        let s = try PresetScreens.compare(preset, width: 100, height: 30)
        let b = PresetScreens.render(s)
        for i in s.sessions.indices {
            let panel = PresetScreens.text(b, CompareLayout(state: s).panels[i])
            let test = Fmt.num(try #require(s.sessions[i].app.model?.lossCurves.test.last))
            #expect(panel.contains("test " + test), "session \(i + 1): \(panel)")
            #expect(panel.contains("λmax " + Fmt.num(try #require(s.sessions[i].lambdas.values.last))), "session \(i + 1)")
        }
    }

    /// The generic caption after `d` is whole: the layout counts the rows of the text it draws.
    @Test func singleEditedCaptionIsWhole() throws {
        let preset = try PresetLibrary.load("moons")
        for (w, h) in ScreenSizeTests.sizes {
            var s = PresetScreens.single(preset, width: w, height: h)
            _ = Reducer.reduce(&s, .key(.char("d")))
            #expect(s.captionEdited)
            let layout = DashboardLayout(state: s)
            let shown = PresetScreens.squeezed(PresetScreens.text(PresetScreens.render(s), layout.caption))
            let whole = PresetScreens.squeezed(StatusBar.captionText(s, try #require(s.model)))
            #expect(shown == whole, "\(w)×\(h): \(shown)")
            #expect(whole.hasSuffix("the preset's caption was about its own set-up."))
        }
    }

    /// `+` six times on edge-of-stability: lr 0.1 → 6.4, and "2/η = 20" is no longer claimed.
    @Test func learningRateEditInvalidatesTheCaption() throws {
        let preset = try PresetLibrary.load("edge-of-stability")
        #expect(preset.caption.contains("2/η = 20"))
        var s = PresetScreens.single(preset, width: 120, height: 36)
        for _ in 0..<6 { _ = Reducer.reduce(&s, .key(.char("+"))) }
        #expect(s.preset.training.optimizer.lr == 0.1 * 64)
        #expect(s.captionEdited)
        let text = StatusBar.captionText(s, try #require(s.model))
        #expect(!text.contains("2/η = 20") && text.contains("(edited)") && text.contains("at lr 6.4"), "\(text)")
        #expect(PresetEdit.setLearningRate(1).invalidatesCaption)
        #expect(PresetEdit.stepKnob(.learningRate, by: 1).invalidatesCaption)
        #expect(!PresetEdit.setDataSeed(3).invalidatesCaption && !PresetEdit.setPace(.max).invalidatesCaption)
    }
}
