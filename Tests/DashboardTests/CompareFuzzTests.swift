import Foundation
import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The fuzz of FuzzTests in compare mode: random keys (the digits too), clicks, resizes from 0×0 to
/// 300×100, ticks with odd numbers, snapshots and spectra for random sessions (some that do not exist).
/// No crash, and after every event: the focus is a session or none, zoom only with a focus, every
/// session's model config stays valid, and all sessions keep the same data.
@Suite struct CompareFuzzTests {
    static var eventCount: Int {
        (Int(ProcessInfo.processInfo.environment["NNVIZ_FUZZ_EVENTS"] ?? "") ?? 10_000) / 2
    }

    @Test(arguments: [2, 3, 4]) func randomEventsKeepInvariants(sessions n: Int) {
        var rng = FuzzTests.Rng(state: 20_261_127 &+ UInt64(n))
        let fuzz = FuzzTests()
        var state = CompareReducerTests.state(sessions: n, width: 80, height: 24)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var buffer = Buffer(width: 0, height: 0)
        var previous: Buffer?
        var step = 0
        var quits = 0, focusChanges = 0
        var clock = 0.0
        let keys = FuzzTests.keys + (0...9).compactMap { Unicode.Scalar(48 + $0).map(Key.char) }
        for i in 0..<Self.eventCount {
            let event: CompareEvent
            let focusedBefore = state.focused
            switch rng.int(100) {
            case 0..<55: event = .key(keys[rng.int(keys.count)])
            case 55..<65:
                event = .mouse(MouseEvent(x: rng.int(state.size.width + 4) - 2, y: rng.int(state.size.height + 4) - 2,
                                          button: [.left, .right, .middle][rng.int(3)], shift: rng.int(4) == 0))
            case 65..<73:
                let w = rng.int(5) == 0 ? rng.int(301) : 40 + rng.int(160)
                let h = rng.int(5) == 0 ? rng.int(101) : 12 + rng.int(50)
                event = .resize(Size(width: w, height: h))
            case 73..<80:
                clock += [0.033, 0, 5, -1][rng.int(4)]
                event = .tick(now: clock)
            case 80..<92:
                step += rng.int(50)
                event = .session(rng.int(n + 1), .snapshot(fuzz.randomModel(&rng, step: step)))
            case 92..<97:
                var spec = Fixtures.spectrum
                spec.step = step
                spec.lambdaMax = [1.5, .nan, -3, 1e300][rng.int(4)]
                event = .session(rng.int(n + 1), .spectrum(rng.int(3) == 0 ? nil : spec, build: rng.int(2)))
            default:
                event = .session(rng.int(n + 1), [.status("saved"), .tick(now: clock)][rng.int(2)])
            }
            let effects = CompareReducer.reduce(&state, event)
            if effects.contains(.quit) {
                quits += 1
                state.quitRequested = false
            }
            if state.focused != focusedBefore { focusChanges += 1 }
            #expect(state.sessions.count == n)
            #expect(state.focused.map { (0..<n).contains($0) } ?? true)
            #expect(!state.zoomed || state.focused != nil)
            for s in state.sessions {
                let p = s.app.preset
                #expect(!p.model.hiddenWidths.isEmpty && p.model.layers.count <= Preset.layerCounts.upperBound)
                #expect(p.model.hiddenWidths.allSatisfy { Preset.layerWidths.contains($0) })
                #expect(p.training.optimizer.lr.isFinite && p.training.optimizer.lr > 0)
                #expect(s.lambdas.steps.count == s.lambdas.values.count && s.lambdas.steps.count <= LambdaHistory.capacity)
                #expect(p.data == state.sessions[0].app.preset.data)
            }
            for e in effects {
                if case .session(let k, let inner) = e {
                    #expect((0..<n).contains(k))
                    if case .rebuild(let p, _) = inner { #expect(p == state.sessions[k].app.preset) }
                    #expect({ if case .addPoint = inner { return false } else { return true } }())
                }
            }
            if i % 7 == 0 || { if case .resize = event { return true } else { return false } }() {
                CompareRenderer.render(state, into: &buffer, context: &ctx)
                #expect(buffer.size == state.size)
                #expect(buffer.changeCount(from: previous) <= buffer.width * buffer.height)
                previous = buffer
            }
        }
        #expect(quits > 0 && focusChanges > 0, "the fuzz never pressed q or never moved the focus")
    }
}
