import NNSession
import PaneModels
import TerminalUI

/// The reducer's part for the set-up: the settings panel (`e`), writing the set-up (`w`), erasing the
/// hand-given points (`E`), the discretized map (`D`) and clicked points. Every change of the set-up goes
/// through ``PresetEdit/apply(_:to:)``; the runtime then rebuilds the session from the edited preset or
/// retunes the running one (``Effect/applySetup(_:rebuild:)``).
enum SettingsReducer {
    /// A key while the panel is open: nil when the panel does not take it (the keymap does).
    static func key(_ key: Key, _ state: inout AppState) -> [Effect]? {
        guard var panel = state.settings, let setup = state.setup else { return nil }
        let knobs = setup.preset.knobIDs
        let outcome = panel.handle(key, knobs: knobs)
        state.settings = panel
        switch outcome {
        case .handled:
            return []
        case .close:
            state.settings = nil
            state.message = nil
            return []
        case .passThrough:
            return nil
        case .edit(let edit):
            let knob = knobs.isEmpty ? nil : knobs[min(panel.selected, knobs.count - 1)]
            let effects = apply(edit, &state)
            if let after = state.setup?.preset.knobIDs { state.settings?.follow(knob, in: after) }
            return effects
        }
    }

    /// Applies `edit` to the set-up: a refused edit leaves a one-line message and changes nothing; an
    /// accepted one says what it did and asks the runtime to rebuild or retune.
    static func apply(_ edit: PresetEdit, _ state: inout AppState) -> [Effect] {
        guard let setup = state.setup else { return [] }
        let edited: Preset
        do { edited = try PresetEdit.apply(edit, to: setup.preset) } catch {
            state.message = error.message
            return []
        }
        guard edited != setup.preset else {
            state.message = "no change"
            return []
        }
        state.setup?.preset = edited
        let rebuild = edit.rebuildsSession
        state.message = describe(edit, edited) + (rebuild ? ": new session from step 0" : ": the run goes on")
        if rebuild {
            state.spectrum = nil
            state.singularValues = nil
            state.doubleDescent = nil
            state.hessianComputing = false
        }
        return [.applySetup(edited, rebuild: rebuild)]
    }

    static func describe(_ edit: PresetEdit, _ p: Preset) -> String {
        switch edit {
        case .stepKnob(let id, _), .setKnob(let id, _):
            if case .feature(let f) = id { return "\(f.name) \(p.formatted(id))" }
            return "\(id) \(p.formatted(id))"
        case .erasePoints: return "hand-given points erased"
        case .addPoint: return "point added"
        default: return "set-up changed"
        }
    }

    static func toggle(_ state: inout AppState) {
        if state.settings != nil {
            state.settings = nil
        } else if let setup = state.setup {
            guard !setup.preset.knobIDs.isEmpty else {
                state.message = "an experiment has no settings: it trains no network"
                return
            }
            state.settings = SettingsPanel()
            state.message = nil
        } else {
            state.message = "no set-up to edit here (the settings panel edits one session: nnviz --preset NAME)"
        }
    }

    static func write(_ state: inout AppState) -> [Effect] {
        guard let setup = state.setup else { state.message = "no set-up to write"; return [] }
        state.message = "writing the set-up…"
        return [.writeSetup(setup.preset, stem: setup.fileStem)]
    }

    static func erase(_ state: inout AppState) -> [Effect] {
        guard let setup = state.setup else { state.message = "no set-up to erase points from"; return [] }
        guard !setup.preset.data.points.isEmpty else {
            state.message = "no hand-given points to erase (click the map to add some)"
            return []
        }
        return apply(.erasePoints, &state)
    }

    /// A click on the 2D map (class `label`) or the 1D fit (a regression point (x, y)): the point goes into
    /// the set-up's `data.points` (checked by the one edit path) and into the running session, which keeps
    /// its weights.
    static func click(_ row: [Double], _ state: inout AppState) -> [Effect] {
        let add: Effect = row.count == 3 ? .addPoint(x: row[0], y: row[1], label: Int(row[2])) : .addTarget(x: row[0], y: row[1])
        guard let setup = state.setup else { return row.count == 3 ? [add] : [] }
        do {
            state.setup?.preset = try PresetEdit.apply(.addPoint(row), to: setup.preset)
        } catch {
            state.message = error.message
            return []
        }
        return [add]
    }
}
