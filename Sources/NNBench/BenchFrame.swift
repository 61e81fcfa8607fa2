import Dashboard
import Foundation
import NNSession
import PaneModels
import TerminalUI

/// Dashboard timings off-screen, through the same path the live runtime uses (Session → snapshot →
/// `SnapshotAdapter.model` → `SpectrumJob` → `DashboardRenderer.render` into a cell buffer). The ncurses
/// flush of the changed cells is not included (it needs a terminal; `NNVIZ_FRAME_STATS` measures it live).
struct BenchFrame {
    let quick: Bool
    static let size = Size(width: 200, height: 60)

    /// Time to the first frame with the model drawn (spectrum still pending, as the runtime shows it), and to
    /// the first complete frame (spectrum too), from loading the preset; then the steady render time of a
    /// full 200×60 frame after some training.
    func measure(preset name: String) throws -> [BenchRecord] {
        let age0 = BenchClock.processAge()
        let t0 = BenchClock.wall()
        let preset: Preset
        var session: Session
        do {
            preset = try PresetLibrary.load(name)
            session = try Session(preset: preset)
        } catch {
            throw BenchError("bench: preset \(name): \(error.description)")
        }
        var state = AppState(size: Self.size, preset: preset)
        var ctx = RenderContext(theme: Theme.detect(colors: 256, noColor: false, ascii: false))
        var buffer = Buffer(width: 0, height: 0)
        let snap0 = session.snapshot()
        state.model = SnapshotAdapter.model(from: snap0)
        DashboardRenderer.render(state, into: &buffer, context: &ctx)
        let tFirst = BenchClock.wall() - t0
        if case .success(let view) = SpectrumJob.compute(snap0) { state.spectrum = view }
        DashboardRenderer.render(state, into: &buffer, context: &ctx)
        let tComplete = BenchClock.wall() - t0
        let drawn = Self.nonBlankCells(buffer)

        var first = BenchRecord(kind: "first_frame", config: name, metric: "first_frame_s", unit: "s")
        first["median"] = .double(tFirst)
        first["complete_with_spectrum_s"] = .double(tComplete)
        if let age0 { first["process_age_at_start_s"] = .double(age0) }
        first["size"] = .string("\(Self.size.width)x\(Self.size.height)")
        first["nonblank_cells"] = .int(drawn)
        first["spectrum"] = .bool(state.spectrum != nil)
        first["valid"] = .bool(state.spectrum != nil && drawn > Self.size.width * Self.size.height / 10)

        // Steady state: a trained model, adapted as the runtime does, rendered repeatedly.
        _ = session.step(quick ? 100 : 500)
        let snap = session.snapshot()
        var adapted = SnapshotAdapter.model(from: snap)
        let ta = BenchClock.measure(repeats: quick ? 5 : 15) { adapted = SnapshotAdapter.model(from: snap) }
        state.model = adapted
        state.fps = 30
        let tr = BenchClock.measure(repeats: quick ? 50 : 300, warmup: 5) {
            DashboardRenderer.render(state, into: &buffer, context: &ctx)
        }
        var render = BenchRecord(kind: "frame", config: name, metric: "frame_render_s", unit: "s")
        render.set(tr)
        render["size"] = .string("\(Self.size.width)x\(Self.size.height)")
        render["nonblank_cells"] = .int(Self.nonBlankCells(buffer))
        render["valid"] = .bool(buffer.width == Self.size.width && buffer.height == Self.size.height)
        var adapt = BenchRecord(kind: "frame", config: name, metric: "snapshot_adapt_s", unit: "s")
        adapt.set(ta)
        adapt["note"] = .string("view models from a snapshot (curves, kinks, 2D map); off the main queue live")
        return [first, render, adapt]
    }

    static func nonBlankCells(_ b: Buffer) -> Int {
        b.text.unicodeScalars.filter { $0 != " " && $0 != "\n" }.count
    }
}
