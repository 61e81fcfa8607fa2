import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import DashboardApp
@testable import PaneModels

/// `nnviz lecture`'s pure parts: step navigation and autoplay in ``DeckReducer``, the step around its dashboard
/// in ``LectureProgram`` (keys, the notes strip, the `?` list, the status segment), driven by scripted events.
@MainActor
@Suite struct LectureProgramTests {
    static func player(count: Int = 4, index: Int = 0, autoplay: Double? = nil, durations: [Double?] = []) -> DeckPlayer {
        DeckPlayer(title: "Deck", steps: (0..<count).map { i in
            DeckPlayer.Step(title: "Step \(i + 1)", presetName: "preset-\(i + 1)", notes: ["point \(i + 1)a", "point \(i + 1)b"],
                            duration: i < durations.count ? durations[i] : nil)
        }, index: index, autoplay: autoplay)
    }

    @Test func keysMoveBetweenStepsAndStopAtTheEnds() {
        var p = Self.player()
        #expect(DeckReducer.reduce(&p, .key(.pageDown)) == (true, [.open(1)]) && p.index == 1)
        #expect(DeckReducer.reduce(&p, .key(.char("."))) == (true, [.open(2)]) && p.index == 2)
        #expect(DeckReducer.reduce(&p, .key(.char(","))) == (true, [.open(1)]) && p.index == 1)
        #expect(DeckReducer.reduce(&p, .key(.pageUp)) == (true, [.open(0)]) && p.index == 0)
        #expect(DeckReducer.reduce(&p, .key(.pageUp)) == (true, []) && p.index == 0)   // first step: nothing
        p.index = 3
        #expect(DeckReducer.reduce(&p, .key(.pageDown)) == (true, []) && p.index == 3)   // last step: nothing
        #expect(DeckReducer.reduce(&p, .key(.char(" "))) == (false, []))   // the dashboard's key
        #expect(p.statusSegment == "step 4/4 · preset-4")
    }

    /// Autoplay: the first tick after entry starts the step's clock; the step's own duration wins over the
    /// `--autoplay` seconds; a key restarts the clock; the last step stays.
    @Test func autoplayAdvancesByTheClockAndStopsOnTheLastStep() {
        var p = Self.player(count: 3, autoplay: 2, durations: [nil, 5])
        #expect(DeckReducer.reduce(&p, .tick(now: 10)).effects.isEmpty && p.enteredAt == 10)
        #expect(DeckReducer.reduce(&p, .tick(now: 11.9)).effects.isEmpty)
        #expect(DeckReducer.reduce(&p, .tick(now: 12)).effects == [.open(1)] && p.enteredAt == nil)
        _ = DeckReducer.reduce(&p, .tick(now: 12.5))
        #expect(DeckReducer.reduce(&p, .tick(now: 16)).effects.isEmpty)   // step 2 lasts 5 s
        #expect(DeckReducer.reduce(&p, .tick(now: 17.5)).effects == [.open(2)])
        _ = DeckReducer.reduce(&p, .tick(now: 18))
        #expect(DeckReducer.reduce(&p, .tick(now: 1000)).effects.isEmpty && p.index == 2)
        var off = Self.player()
        _ = DeckReducer.reduce(&off, .tick(now: 0))
        #expect(DeckReducer.reduce(&off, .tick(now: 1e6)).effects.isEmpty && off.enteredAt == nil)
    }

    /// `?` opens the list at the step shown; ↑ ↓ move, Enter opens the selected step; Esc closes; `?` in the
    /// list goes on to the dashboard (its key help).
    @Test func theListJumpsToAStep() {
        var p = Self.player(index: 1)
        #expect(DeckReducer.reduce(&p, .key(.char("?"))) == (true, []) && p.listSelection == 1)
        _ = DeckReducer.reduce(&p, .key(.down))
        _ = DeckReducer.reduce(&p, .key(.down))
        _ = DeckReducer.reduce(&p, .key(.down))
        #expect(p.listSelection == 3)
        #expect(DeckReducer.reduce(&p, .key(.enter)) == (true, [.open(3)]) && p.index == 3 && p.listSelection == nil)
        _ = DeckReducer.reduce(&p, .key(.char("?")))
        #expect(DeckReducer.reduce(&p, .key(.escape)) == (true, []) && p.listSelection == nil && p.index == 3)
        _ = DeckReducer.reduce(&p, .key(.char("?")))
        #expect(DeckReducer.reduce(&p, .key(.char("?"))) == (false, []) && p.listSelection == nil)
    }

    static func program(size: Size = Size(width: 160, height: 48), keys: [Key] = [], index: Int = 0)
        throws -> LectureProgram<AppState> {
        let deck = try LectureDeck.load()
        let player = DeckPlayer(deck: deck, index: index)
        let step = deck.steps[index]
        return LectureProgram(inner: LectureStepSetup.single(step, size: DeckOverlay.innerSize(player, screen: size)),
                              player: player, screen: size, keys: keys)
    }

    /// Keys the deck does not take reach the step's dashboard; deck keys become deck effects; `T` gives the
    /// notes strip rows (the dashboard is resized to what is left).
    @Test func keysReachTheDashboardAndTheNotesResizeIt() throws {
        var program = try Self.program()
        #expect(program.inner.size == Size(width: 160, height: 47))
        let running = program.inner.running
        _ = program.update(.key(.char(" ")))
        #expect(program.inner.running == !running)
        #expect(program.update(.key(.pageDown)) == [.lecture(.open(1))])
        _ = program.update(.key(.char("T")))
        let notes = program.player.steps[1].notes.count + 1   // the talking points and the next step's title
        #expect(program.player.showsNotes && program.inner.size.height == 47 - notes)
        _ = program.update(.resize(Size(width: 100, height: 30)))
        #expect(program.screen == Size(width: 100, height: 30) && program.inner.size.width == 100)
        _ = program.update(.key(.char("T")))
        #expect(program.inner.size == Size(width: 100, height: 29))
    }

    /// A step's keys are applied when its first snapshot arrives (`b` turns the region boundaries on, `g`
    /// then has a snapshot to check) and its start state is the preset's or its own (`sawtooth` opens paused).
    @Test func aStepOpensInItsStartState() throws {
        let deck = try LectureDeck.load()
        var program = try Self.program(keys: [.char("b"), .char("g")])
        #expect(!program.inner.showBoundaries && program.pendingKeys.count == 2)
        let model = SnapshotAdapter.model(from: try Session(preset: deck.steps[0].preset).snapshot())
        let effects = program.update(.session(0, .snapshot(model)))
        #expect(program.inner.showBoundaries && program.pendingKeys.isEmpty)
        #expect(effects.contains(.session(0, .startJob(.gradcheck))))
        _ = program.update(.session(0, .snapshot(model)))
        #expect(program.inner.showBoundaries)   // applied once
        let sawtooth = try #require(deck.steps.firstIndex { $0.presetName == "sawtooth" })
        #expect(!LectureStepSetup.single(deck.steps[sawtooth], size: Size(width: 160, height: 47)).running)
        var step = deck.steps[0]
        step.start = .paused
        step.zoom = "loss"
        step.pace = .perSecond(5)
        let state = LectureStepSetup.single(step, size: Size(width: 160, height: 47))
        #expect(!state.running && state.zoomed && state.focus == .loss && state.pace == .perSecond(5))
    }

    /// The status segment `step N/25 · preset` is on the last row at 160×48 and 100×30, the notes above it.
    @Test func theStatusSegmentIsDrawn() throws {
        for size in [Size(width: 160, height: 48), Size(width: 100, height: 30)] {
            var program = try Self.program(size: size, index: 15)
            var buffer = Buffer(width: 0, height: 0)
            var context = RenderContext(theme: Theme(mode: .color256))
            program.render(into: &buffer, context: &context)
            let lines = buffer.lines()
            #expect(lines.count == size.height && lines.allSatisfy { $0.unicodeScalars.count <= size.width })
            #expect(lines[size.height - 1].hasPrefix(" step 16/25 · depth-vs-width"), "\(lines[size.height - 1])")
            _ = program.update(.key(.char("T")))
            program.render(into: &buffer, context: &context)
            let notes = buffer.lines()
            #expect(notes[size.height - 1].hasPrefix(" step 16/25 · depth-vs-width"))
            #expect(notes.contains { $0.contains("• Same P = 25") } && notes.contains { $0.contains("next: Initialisation") })
        }
    }
}
