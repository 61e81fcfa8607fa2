import NNSession
import TerminalUI

/// The settings panel (`e`): which knob is selected and the value being typed. A value; the keys change it
/// through ``SettingsPanel/handle(_:knobs:)``, which says what the dashboard must do next.
public struct SettingsPanel: Sendable, Equatable {
    /// Index of the selected knob in the preset's ``Preset/knobIDs``.
    public var selected = 0
    /// The value being typed after Enter (nil: not typing).
    public var typing: String?
    /// The hidden layer whose activation the activation row edits alone (nil: every hidden layer); space on
    /// that row switches between every layer and the selected one.
    public var activationLayer: Int?

    public init(selected: Int = 0, typing: String? = nil, activationLayer: Int? = nil) {
        self.selected = selected
        self.typing = typing
        self.activationLayer = activationLayer
    }

    /// What a key in the open panel asks for.
    public enum Outcome: Sendable, Equatable {
        /// Handled inside the panel (selection moved, a character typed).
        case handled
        /// An edit of the set-up for the one edit path.
        case edit(PresetEdit)
        /// Close the panel.
        case close
        /// Not a panel key: the dashboard's keymap handles it.
        case passThrough
    }

    /// The effect of `key` with the panel open over a preset with these knobs (in list order). While typing,
    /// printable characters are typed, Backspace deletes, Enter sets the knob to the text, Esc stops typing.
    /// Otherwise ↑/↓ select a knob, ←/→ step it along its ladder, Enter starts typing, Esc and `e` close.
    /// On the activation row, space switches between every hidden layer and `selectedLayer` alone (the layer
    /// ↑/↓ select in the network pane).
    public mutating func handle(_ key: Key, knobs: [SetupKnobID], selectedLayer: Int = 0) -> Outcome {
        guard !knobs.isEmpty else { return key == .escape || key == .char("e") ? .close : .passThrough }
        selected = min(max(selected, 0), knobs.count - 1)
        let knob = knobs[selected]
        if let text = typing {
            switch key {
            case .char(let c):
                if text.unicodeScalars.count < 40 { typing = text + String(Character(c)) }
                return .handled
            case .backspace:
                typing = String(text.dropLast())
                return .handled
            case .enter:
                typing = nil
                return text.isEmpty ? .handled : .edit(.setKnob(knob, to: text))
            case .escape:
                typing = nil
                return .handled
            case .up, .down:
                typing = nil
            default:
                return .handled
            }
        }
        switch key {
        case .up:
            selected = (selected + knobs.count - 1) % knobs.count
            return .handled
        case .down:
            selected = (selected + 1) % knobs.count
            return .handled
        case .left, .right:
            let delta = key == .left ? -1 : 1
            if knob == .activation, let layer = activationLayer { return .edit(.stepHiddenActivation(hidden: layer, by: delta)) }
            return .edit(.stepKnob(knob, by: delta))
        case .char(" ") where knob == .activation:
            activationLayer = activationLayer == nil ? max(0, selectedLayer) : nil
            return .handled
        case .enter:
            typing = ""
            return .handled
        case .escape, .char("e"): return .close
        default: return .passThrough
        }
    }

    /// Keeps the selection on the same knob when the list changes (an optimiser change adds or removes its
    /// hyper-parameters), else clamps it.
    public mutating func follow(_ knob: SetupKnobID?, in knobs: [SetupKnobID]) {
        if let knob, let i = knobs.firstIndex(of: knob) { selected = i } else { selected = min(max(selected, 0), max(knobs.count - 1, 0)) }
    }

    /// The panel's help line.
    public static let help = "↑↓ knob · ←→ change · Enter type a value · w write preset · Esc close"
}
