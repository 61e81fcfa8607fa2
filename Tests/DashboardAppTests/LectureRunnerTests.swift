import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import DashboardApp

/// What the runner was told: the players of the steps it opened and any failure.
@MainActor final class LectureRunnerLog {
    var opened: [DeckPlayer] = []
    var failures: [String] = []
}

/// The lecture's step switching driven frame by frame: an in-memory terminal, a manual clock, jobs inline.
@MainActor
@Suite struct LectureRunnerTests {
    func stopped(_ r: AnyDashboardRuntime) -> Bool? {
        if let s = r.base as? DashboardRuntime<LectureProgram<AppState>> { return s.isStopped }
        if let c = r.base as? DashboardRuntime<LectureProgram<CompareState>> { return c.isStopped }
        return nil
    }

    /// PgDn (autoplay on, so the entry time counts) stops the step's runtime (timer, jobs, training) and
    /// opens the next step's on the same terminal, its player at the new index with the entry time unset
    /// until the new runtime's first tick sets it.
    @Test func pageDownStopsTheStepAndOpensTheNext() throws {
        let deck = try LectureDeck.load()
        try #require(deck.steps.count >= 3)
        let clock = ManualClock(), terminal = FakeTerminal(width: 160, height: 48), exits = ExitLog(), log = LectureRunnerLog()
        let runner = LectureRunner(deck: deck, player: DeckPlayer(deck: deck, index: 0, autoplay: 60), backend: terminal, clock: clock,
                                   executors: .inline, theme: Theme(mode: .color256), launch: { $0.begin() },
                                   opened: { log.opened.append($0) }, failed: { log.failures.append($0) },
                                   terminate: { exits.codes.append($0) })
        func frames(_ n: Int) {
            for _ in 0..<n {
                clock.advance(1.0 / 32)
                runner.current?.frame()
                runner.current?.queue.drain()
            }
        }
        runner.open(0)
        frames(3)
        let first = try #require(runner.current)
        #expect(first.player().index == 0)
        #expect(first.player().enteredAt == 100 + 1.0 / 32, "the first tick enters the step (autoplay counts from it)")
        #expect(stopped(first) == false)
        let n = deck.steps.count
        #expect(terminal.text.contains("step 1/\(n) · \(deck.steps[0].presetName)"))

        terminal.memory.pending.append(.key(.pageDown))
        clock.advance(1.0 / 32)
        first.frame()
        let second = try #require(runner.current)
        #expect(second !== first && stopped(first) == true)
        #expect(runner.player.index == 1 && runner.player.enteredAt == nil)
        #expect(second.player().index == 1 && second.player().enteredAt == nil)
        #expect(log.opened.map(\.index) == [0, 1] && log.opened.allSatisfy { $0.enteredAt == nil })
        frames(2)
        #expect(second.player().enteredAt == 100 + 5.0 / 32)
        #expect(terminal.text.contains("step 2/\(n) · \(deck.steps[1].presetName)"), "the next step's screen on the same terminal")
        // The stopped runtime's frames do nothing; the lecture never closed the terminal or exited.
        let screen = terminal.text
        first.frame()
        #expect(terminal.text == screen)
        #expect(exits.codes.isEmpty && !terminal.closed && log.failures.isEmpty)
    }
}
