import NNSession
import PaneModels
import TerminalUI

/// The dashboard as plain text, for `nnviz export`'s `frame.txt`: what a 160×48 terminal would show for a
/// snapshot (paused, no rates), single or compare.
public enum TextFrame {
    /// The size of the frame.
    public static let size = Size(width: 160, height: 48)

    /// The single dashboard for a snapshot, its view models and its spectrum.
    public static func single(_ s: SessionSnapshot, model: DashboardModel, spectrum: SpectrumViewModel?,
                              size: Size = size) -> String {
        var state = AppState(size: size, preset: s.preset)
        state.running = false
        state.message = nil
        state.model = model
        state.spectrum = spectrum
        state.focus = state.mainPane
        var buffer = Buffer(size: size)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        DashboardRenderer.render(state, into: &buffer, context: &ctx)
        return buffer.text + "\n"
    }

    /// Compare mode for trained sessions (label and final snapshot), their view models and each one's λmax
    /// at its step.
    public static func compare(_ sessions: [(label: String, snapshot: SessionSnapshot)], models: [DashboardModel],
                               lambdas: [Double?], size: Size = size) -> String {
        let entries = sessions.map { CompareEntry(label: $0.label, preset: $0.snapshot.preset) }
        var state = CompareSetup.initialState(entries, size: size, seed: sessions.first?.snapshot.seed)
        for i in state.sessions.indices {
            state.sessions[i].app.running = false
            state.sessions[i].app.message = nil
            state.sessions[i].app.model = models[i]
            if let v = lambdas[i] { state.sessions[i].lambdas.record(step: sessions[i].snapshot.step, value: v) }
        }
        var buffer = Buffer(size: size)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        CompareRenderer.render(state, into: &buffer, context: &ctx)
        return buffer.text + "\n"
    }
}
