import Foundation
import Testing
import NNSession
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Seeded fuzzing of reducer + renderer: random keys, clicks anywhere, resizes from
/// 0×0 to 300×100, ticks with odd numbers, snapshot and spectrum arrivals. No crash, and invariants hold
/// after every event. `swift test` runs 10,000 events; the large run (100,000 events, about 50 s of CPU in
/// a debug build) is
///
///     NNVIZ_FUZZ_EVENTS=100000 swift test --filter DashboardTests.FuzzTests
@Suite struct FuzzTests {
    /// SplitMix64: small, seeded, the same everywhere.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
        mutating func double() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    static var eventCount: Int {
        Int(ProcessInfo.processInfo.environment["NNVIZ_FUZZ_EVENTS"] ?? "") ?? 10_000
    }

    /// Keys: every bound key, often, plus random others.
    static let keys: [Key] = Keymap.bindings.flatMap(\.keys) + [.left, .right, .enter, .backspace, .char("x"), .function(5)]

    func randomModel(_ rng: inout Rng, step: Int) -> DashboardModel {
        var m = Fixtures.model(inputDimension: rng.int(2) + 1)
        m.step = step
        m.loss = [0.1, .nan, .infinity, 1e-300, 3][rng.int(5)]
        if rng.int(50) == 0 { m.divergedAtStep = step }
        // Histories of random length, like a bounded downsampled history would have.
        let n = rng.int(300)
        m.lossCurves.steps = (0..<n).map { $0 * 3 }
        m.lossCurves.train = (0..<n).map { _ in rng.int(20) == 0 ? .nan : rng.double() * 10 }
        m.lossCurves.test = rng.int(2) == 0 ? [] : (0..<n).map { _ in rng.double() }
        m.network.layers = (0..<(rng.int(6) + 1)).map { _ in LayerInfo(width: rng.int(600) + 1, activation: "relu", weightNorm: rng.double()) }
        if var r = m.regions {
            r.classCount = rng.int(9) + 1
            r.gridWidth = rng.int(40)
            r.gridHeight = rng.int(40)
            r.labels = (0..<(r.gridWidth * r.gridHeight)).map { _ in UInt8(rng.int(12)) }
            r.regionIDs = rng.int(2) == 0 ? [] : (0..<(r.gridWidth * r.gridHeight)).map { _ in UInt32(rng.int(4)) }
            m.regions = r
        }
        return m
    }

    @Test func randomEventsKeepInvariants() {
        var rng = Rng(state: 20_261_127)
        var state = Fixtures.state(width: 80, height: 24)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var buffer = Buffer(width: 0, height: 0)
        var previous: Buffer?
        var step = 0
        var quits = 0
        var clock = 0.0
        let n = Self.eventCount
        for i in 0..<n {
            let event: AppEvent
            switch rng.int(100) {
            case 0..<55: event = .key(Self.keys[rng.int(Self.keys.count)])
            case 55..<70:
                let b: MouseButton = [.left, .right, .middle][rng.int(3)]
                event = .mouse(MouseEvent(x: rng.int(state.size.width + 4) - 2, y: rng.int(state.size.height + 4) - 2,
                                          button: b, shift: rng.int(4) == 0))
            case 70..<78:
                // Mostly usable sizes, sometimes extreme ones (1×1 … 300×100, and 0×0).
                let w = rng.int(5) == 0 ? rng.int(301) : 40 + rng.int(160)
                let h = rng.int(5) == 0 ? rng.int(101) : 12 + rng.int(50)
                event = .resize(Size(width: w, height: h))
            case 78..<90:
                clock += [0.033, 0, 5, -1][rng.int(4)]   // frames, repeats, stalls, a clock going back
                event = .tick(now: clock)
            case 90..<97:
                step += rng.int(50)
                event = .snapshot(randomModel(&rng, step: step))
            case 97..<99: event = .spectrum(rng.int(3) == 0 ? nil : Fixtures.spectrum, build: state.build - rng.int(2))
            default: event = .status("saved")
            }
            let effects = Reducer.reduce(&state, event)
            if effects.contains(.quit) {
                quits += 1
                state.quitRequested = false   // keep fuzzing past a quit
            }
            // Invariants.
            #expect(!state.hiddenWidths.isEmpty)
            #expect(state.hiddenWidths.allSatisfy { Preset.layerWidths.contains($0) })
            #expect(state.preset.model.layers.count <= Preset.layerCounts.upperBound)
            #expect(state.preset.training.optimizer.lr.isFinite && state.preset.training.optimizer.lr > 0)
            #expect(state.pace.isValid)
            #expect(state.selectedLayer >= 0 && state.selectedLayer < state.hiddenWidths.count)
            #expect(state.visiblePanes.contains(state.focus) || state.zoomed)
            for e in effects {
                if case .rebuild(let p, let build) = e { #expect(p == state.preset && build == state.build) }
                if case .trainSteps(let k) = e { #expect(k > 0 && k <= 50_000) }
                if case .addPoint(let x, let y, let l) = e { #expect(x.isFinite && y.isFinite && (l == 0 || l == 1)) }
            }
            // Render every few events (and after every resize) and diff against the previous frame.
            if i % 7 == 0 || { if case .resize = event { return true } else { return false } }() {
                DashboardRenderer.render(state, into: &buffer, context: &ctx)
                #expect(buffer.size == state.size)
                let changed = buffer.changeCount(from: previous)
                #expect(changed <= buffer.width * buffer.height)
                previous = buffer
            }
        }
        #expect(quits > 0, "the fuzz never pressed q: the key distribution is broken")
    }
}
