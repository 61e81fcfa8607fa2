import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import DashboardApp
@testable import PaneModels

/// Every screen a lecturer sees shows whole words and whole numbers: no text write may stop before the end
/// of its text at the pane edge (a cut "81" reads "8", a right number cut off is as bad as a wrong one). Each
/// shipped preset and each step of the lecture deck is rendered headless, through the dashboard's own path
/// (session → snapshot → `SnapshotAdapter` view models → the program's reducer and renderer), at the sizes a
/// room's terminal has, before and after some training, with the key help, the settings panel, the
/// presentation layout, the lecture bar, its notes strip and its list of steps; the buffer's
/// ``Buffer/clipLog`` records every cut write and none is allowed. Expensive analyses (the spectrum, λmax,
/// lecture jobs) are not run here: their panes show what they show before a result arrives, and
/// `JobPaneCutTests` checks them with fixture results.
@MainActor
@Suite(.serialized) struct NoCutTextTests {
    static let sizes = [Size(width: 160, height: 48), Size(width: 120, height: 36), Size(width: 100, height: 30),
                        Size(width: 80, height: 24)]
    /// Steps trained before the second look: enough for histories, kinks, regions and a fast divergence to
    /// show, few enough to keep the test quick in a debug build.
    static let trainedSteps = 60
    /// Moments already computed, by preset names and adapter options (a deck step opens a shipped preset).
    static var cache: [String: [Moment]] = [:]

    /// A program's view models at one training step, one per session.
    struct Moment {
        var step: Int
        var models: [DashboardModel]
    }

    /// The sessions of a preset (one, or one per compared entry) at step 0 and after ``trainedSteps``, adapted
    /// with the options `program` asks for.
    static func moments<P: DashboardProgram>(_ presets: [Preset], for program: P, reuse: Bool = true) throws -> [Moment] {
        let key = presets.map(\.name).joined(separator: ",") + " \((0..<program.sessionCount).map { program.session($0).adapterOptions })"
        if reuse, let known = cache[key] { return known }
        var sessions = try presets.map { try Session(preset: $0, recordsHistory: true) }
        func adapt() -> [DashboardModel] {
            sessions.indices.map { SnapshotAdapter.model(from: sessions[$0].snapshot(), options: program.session($0).adapterOptions) }
        }
        let first = adapt()
        for i in sessions.indices { sessions[i].step(trainedSteps) }
        let out = [Moment(step: 0, models: first), Moment(step: trainedSteps, models: adapt())]
        if reuse { cache[key] = out }
        return out
    }

    /// The cut writes of one frame of `program`.
    static func cuts<P: DashboardProgram>(_ program: P, size: Size) -> [ClippedWrite] {
        var buffer = Buffer(size: size)
        buffer.clipLog = []
        var ctx = RenderContext(theme: Theme(mode: .color256))
        program.render(into: &buffer, context: &ctx)
        return buffer.clipLog ?? []
    }

    /// `program` with the sessions' view models of `moment` delivered as the runtime delivers them.
    static func showing<P: DashboardProgram>(_ program: P, _ moment: Moment) -> P {
        var p = program
        for (i, m) in moment.models.enumerated() { _ = p.update(.session(i, .snapshot(m))) }
        return p
    }

    /// Renders the program at every moment, and `extras` (changes such as key presses) over the trained
    /// moment; records each cut as `where: cut`.
    static func check<P: DashboardProgram>(_ name: String, program: P, moments: [Moment], size: Size,
                                           extras: [(String, (inout P) -> Void)], into found: inout [String]) {
        for moment in moments {
            let shown = showing(program, moment)
            for cut in cuts(shown, size: size) {
                found.append("\(name) \(size.width)×\(size.height) step \(moment.step): \(cut)")
            }
            guard moment.step == moments.last?.step else { continue }
            for (label, change) in extras {
                var p = shown
                change(&p)
                for cut in cuts(p, size: size) {
                    found.append("\(name) \(size.width)×\(size.height) step \(moment.step) \(label): \(cut)")
                }
            }
        }
    }

    static func report(_ found: [String]) {
        guard !found.isEmpty else { return }
        let list = found.joined(separator: "\n")
        Issue.record(Comment(rawValue: "\(found.count) cut writes:\n\(list)"))
    }

    /// Every shipped preset, single or compare, with the key help.
    @Test func presetsShowNoCutText() throws {
        var found: [String] = []
        for entry in try PresetLibrary.list() {
            let preset = try PresetLibrary.load(entry.name)
            if preset.isComparison {
                let entries = try CompareSetup.entries(of: preset)
                let program = CompareSetup.initialState(entries, size: Self.sizes[0], seed: nil)
                let moments = try Self.moments(entries.map(\.preset), for: program)
                let extras: [(String, (inout CompareState) -> Void)] = [
                    ("help", { _ = $0.update(.key(.char("?"))) }),
                    ("presenting", { $0.presenting = true }),
                ]
                for size in Self.sizes {
                    var p = program
                    _ = p.update(.resize(size))
                    Self.check(entry.name, program: p, moments: moments, size: size, extras: extras, into: &found)
                }
            } else {
                let program = AppState(size: Self.sizes[0], preset: preset)
                let moments = try Self.moments([preset], for: program)
                let extras: [(String, (inout AppState) -> Void)] = [
                    ("help", { _ = $0.update(.key(.char("?"))) }),
                    ("settings", { _ = $0.update(.key(.char("e"))) }),
                    ("presenting", { $0.presenting = true; $0.focus = $0.mainPane }),
                ]
                for size in Self.sizes {
                    var p = program
                    _ = p.update(.resize(size))
                    Self.check(entry.name, program: p, moments: moments, size: size, extras: extras, into: &found)
                }
            }
        }
        Self.report(found)
    }

    /// The lecture's own overlays: the notes strip, the list of steps, and the key help over the list.
    static func deckExtras<Inner>() -> [(String, (inout LectureProgram<Inner>) -> Void)] {
        [("notes", { _ = $0.update(.key(.char("T"))) }),
         ("list", { _ = $0.update(.key(.char("?"))) }),
         ("help", { _ = $0.update(.key(.char("?"))); _ = $0.update(.key(.char("?"))) })]
    }

    /// Every step of the lecture deck in its start state, with the lecture bar, the notes strip (`T`) and the
    /// list of steps (`?`).
    @Test func lectureStepsShowNoCutText() throws {
        let deck = try LectureDeck.load()
        var found: [String] = []
        for (index, step) in deck.steps.enumerated() {
            let preset = LectureStepSetup.preset(step)
            let name = "step \(index + 1) \(step.presetName)"
            let player = DeckPlayer(deck: deck, index: index)
            if preset.isComparison {
                let entries = try CompareSetup.entries(of: preset)
                func program(_ size: Size) -> LectureProgram<CompareState> {
                    LectureProgram(inner: LectureStepSetup.compare(entries, step: step, size: DeckOverlay.innerSize(player, screen: size)),
                                   player: player, screen: size, keys: LectureStepSetup.keys(step))
                }
                let moments = try Self.moments(entries.map(\.preset), for: program(Self.sizes[0]), reuse: !step.isOverridden)
                for size in Self.sizes {
                    Self.check(name, program: program(size), moments: moments, size: size, extras: Self.deckExtras(), into: &found)
                }
            } else {
                func program(_ size: Size) -> LectureProgram<AppState> {
                    LectureProgram(inner: LectureStepSetup.single(step, size: DeckOverlay.innerSize(player, screen: size)),
                                   player: player, screen: size, keys: LectureStepSetup.keys(step))
                }
                let moments = try Self.moments([preset], for: program(Self.sizes[0]), reuse: !step.isOverridden)
                for size in Self.sizes {
                    Self.check(name, program: program(size), moments: moments, size: size, extras: Self.deckExtras(), into: &found)
                }
            }
        }
        Self.report(found)
    }
}
