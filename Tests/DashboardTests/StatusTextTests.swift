import NNSession
import PaneModels
import Testing
@testable import Dashboard

/// The status bar's set-up segment and the key-hint line: the rate the schedule gives now beside the base
/// rate, and hints cut at whole items, never mid-word.
@Suite struct StatusTextTests {
    @Test func scheduledRateIsShownBesideTheBaseRate() throws {
        let p = try PresetLibrary.load("hessian-optimum")
        let base = p.training.optimizer.lr
        #expect(StatusBar.setupText(p, currentRate: base).hasSuffix("lr \(Fmt.rate(base))"))
        #expect(StatusBar.setupText(p).hasSuffix("lr \(Fmt.rate(base))"))
        let frozen = StatusBar.setupText(p, currentRate: base * 1e-12)
        #expect(frozen.hasSuffix("lr \(Fmt.rate(base))→\(Fmt.rate(base * 1e-12))"))
    }

    @Test func hintsKeepWholeItemsAndQuit() {
        let all = StatusBar.fittedHints(StatusBar.keyHints, width: 200)
        #expect(all == " " + (StatusBar.keyHints + ["q quit"]).joined(separator: "  "))
        for width in 12...120 {
            let line = StatusBar.fittedHints(StatusBar.keyHints, width: width)
            #expect(line.count <= width, "width \(width): \(line)")
            #expect(line.hasSuffix("q quit"))
            // Every item shown is whole.
            let shown = line.dropFirst().components(separatedBy: "  ").dropLast()
            #expect(shown.allSatisfy { StatusBar.keyHints.contains($0) }, "width \(width): \(line)")
        }
        #expect(StatusBar.fittedHints(StatusBar.keyHints, width: all.count) == all)
        #expect(StatusBar.fittedHints(StatusBar.keyHints, width: 100).hasSuffix("r reset  q quit"))
    }
}
