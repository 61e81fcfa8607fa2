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
        guard var panel = state.settings else { return nil }
        let knobs = state.preset.knobIDs
        if let l = panel.activationLayer, l >= state.hiddenWidths.count { panel.activationLayer = nil }
        let outcome = panel.handle(key, knobs: knobs, selectedLayer: min(state.selectedLayer, max(0, state.hiddenWidths.count - 1)))
        state.settings = panel
        switch outcome {
        case .handled:
            return []
        case .close:
            state.settings = nil
            state.message = "settings closed"
            return []
        case .passThrough:
            return nil
        case .edit(let edit):
            let knob = knobs.isEmpty ? nil : knobs[min(panel.selected, knobs.count - 1)]
            let effects = apply(edit, &state)
            state.settings?.follow(knob, in: state.preset.knobIDs)
            return effects
        }
    }

    /// Applies `edit` to the set-up: a refused edit leaves a one-line message and changes nothing; an
    /// accepted one says what it did, and the session is rebuilt from the edited preset (new data, inputs or
    /// weights) or retuned (the run goes on with its weights).
    static func apply(_ edit: PresetEdit, _ state: inout AppState) -> [Effect] {
        let before = state.preset
        guard let edited = Reducer.edit(edit, &state) else { return [] }
        guard edited != before else {
            state.message = "no change"
            return []
        }
        let what = describe(edit, edited)
        if edit.rebuildsSession {
            return Reducer.rebuild(edit, &state) { _ in what + ": new session from step 0" }
        }
        state.preset = edited
        if edit.invalidatesCaption, !state.preset.caption.isEmpty { state.captionEdited = true }
        state.message = what + ": the run goes on"
        return [.retune(edited)]
    }

    static func describe(_ edit: PresetEdit, _ p: Preset) -> String {
        switch edit {
        case .stepKnob(let id, _), .setKnob(let id, _):
            if case .feature(let f) = id { return "\(f.name) \(p.formatted(id))" }
            return "\(id) \(p.formatted(id))"
        case .stepHiddenActivation(let i, _):
            return "activation h\(i + 1) \(p.model.activations[i].name)"
        case .erasePoints: return "hand-given points erased"
        case .addPoint: return "point added"
        default: return "set-up changed"
        }
    }

    static func toggle(_ state: inout AppState) {
        if state.settings != nil {
            state.settings = nil
            state.message = "settings closed"
        } else if state.preset.knobIDs.isEmpty {
            state.message = "an experiment has no settings: it trains no network"
        } else {
            state.settings = SettingsPanel()
            state.message = "settings: changes apply at once; w writes the set-up as a preset"
        }
    }

    static func write(_ state: inout AppState) -> [Effect] {
        state.message = "writing the set-up…"
        return [.writeSetup(state.preset, stem: state.setup.fileStem)]
    }

    static func erase(_ state: inout AppState) -> [Effect] {
        guard !state.preset.data.points.isEmpty else {
            state.message = "no hand-given points to erase (click the map to add some)"
            return []
        }
        return apply(.erasePoints, &state)
    }

    /// A click on the 2D map (class `label`) or the 1D fit (a regression point (x, y)): the point goes into
    /// the set-up's `data.points` (checked by the one edit path) and into the running session, which keeps
    /// its weights.
    static func click(_ row: [Double], _ state: inout AppState) -> [Effect] {
        guard let edited = Reducer.edit(.addPoint(row), &state) else { return [] }
        state.preset = edited
        return row.count == 3 ? [.addPoint(x: row[0], y: row[1], label: Int(row[2]))] : [.addTarget(x: row[0], y: row[1])]
    }
}
