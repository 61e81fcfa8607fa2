import TerminalUI

/// Everything a key can ask for.
public enum Action: String, Sendable, CaseIterable {
    case togglePause, singleStep, trainThousand, faster, slower
    case resetNewSeed, resetSameSeed, learningRateUp, learningRateDown
    case nextOptimizer, nextActivation, selectLayerUp, selectLayerDown
    case narrower, wider, removeLayer, addLayer
    case nextDataset, newNoise, hessianNow, toggleAutoHessian
    case toggleBoundaries, toggleKinks, toggleTestData
    case saveSession
    case toggleCaption, gradcheck, toggleStacking
    /// Compare mode: keys `1`–`4` focus a session, `0` sends the keys to all of them again.
    case focusSession, focusAll
    case focusNext, toggleZoom, toggleHelp, closeOverlay, quit
    case previousPane, nextPane
    /// The geometry panes: landscape (`l`), its directions (`j`), sharpness (`p`), flat directions (`y`),
    /// and the step axis of the sharpness pane (`L`).
    case landscapePane, cycleLandscapeDirections, sharpnessPane, flatDirectionsPane, toggleStepAxis
    /// Pictures: select a unit of the selected layer (`<` `>`), the active-unit map (`v`).
    case selectUnitPrev, selectUnitNext, toggleActiveMap
    /// The settings panel, writing the set-up, erasing the hand-given points, the discretized map.
    case settings, writeSetup, erasePoints, toggleDiscretize
}

/// One line of the keymap: the keys, what they do, and the help text. The ONE table below drives
/// both key dispatch and the help overlay, so they cannot disagree.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    public var group: String

    /// The keys as shown in help ("f / F").
    public var keyLabel: String { keys.map(\.label).joined(separator: " ") }
}

public enum Keymap {
    /// The keymap.
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.char(" ")], action: .togglePause, help: "run / pause", group: "training"),
        KeyBinding(keys: [.char("n")], action: .singleStep, help: "one step (pauses)", group: "training"),
        KeyBinding(keys: [.char("m")], action: .trainThousand, help: "train 1,000 steps at once", group: "training"),
        KeyBinding(keys: [.char("f")], action: .faster, help: "pace up: 1 2 5 … 50k/s, max", group: "training"),
        KeyBinding(keys: [.char("F")], action: .slower, help: "pace down", group: "training"),
        KeyBinding(keys: [.char("r")], action: .resetNewSeed, help: "re-initialise, new seed", group: "training"),
        KeyBinding(keys: [.char("R")], action: .resetSameSeed, help: "re-initialise, same seed", group: "training"),
        KeyBinding(keys: [.char("+"), .char("=")], action: .learningRateUp, help: "learning rate ×2", group: "training"),
        KeyBinding(keys: [.char("-"), .char("_")], action: .learningRateDown, help: "learning rate ÷2", group: "training"),
        KeyBinding(keys: [.char("o")], action: .nextOptimizer, help: "next optimiser", group: "training"),
        KeyBinding(keys: [.char("s")], action: .saveSession, help: "save session to a file", group: "training"),
        KeyBinding(keys: [.char("e")], action: .settings, help: "settings panel (every knob)", group: "training"),
        KeyBinding(keys: [.char("w")], action: .writeSetup, help: "write set-up as a preset", group: "training"),
        KeyBinding(keys: [.char("a")], action: .nextActivation, help: "next activation", group: "model"),
        KeyBinding(keys: [.up], action: .selectLayerUp, help: "select previous hidden layer", group: "model"),
        KeyBinding(keys: [.down], action: .selectLayerDown, help: "select next hidden layer", group: "model"),
        KeyBinding(keys: [.char("<")], action: .selectUnitPrev, help: "select previous unit", group: "model"),
        KeyBinding(keys: [.char(">")], action: .selectUnitNext, help: "select next unit", group: "model"),
        KeyBinding(keys: [.char("[")], action: .narrower, help: "selected layer narrower", group: "model"),
        KeyBinding(keys: [.char("]")], action: .wider, help: "selected layer wider", group: "model"),
        KeyBinding(keys: [.char("{")], action: .removeLayer, help: "remove selected layer", group: "model"),
        KeyBinding(keys: [.char("}")], action: .addLayer, help: "add a layer", group: "model"),
        KeyBinding(keys: [.char("d")], action: .nextDataset, help: "next dataset", group: "data"),
        KeyBinding(keys: [.char("N")], action: .newNoise, help: "new noise", group: "data"),
        KeyBinding(keys: [.char("t")], action: .toggleTestData, help: "show test data", group: "data"),
        KeyBinding(keys: [.char("E")], action: .erasePoints, help: "erase the clicked points", group: "data"),
        KeyBinding(keys: [.char("D")], action: .toggleDiscretize, help: "map: hard classes / shades", group: "data"),
        KeyBinding(keys: [.char("h")], action: .hessianNow, help: "Hessian now", group: "analysis"),
        KeyBinding(keys: [.char("H")], action: .toggleAutoHessian, help: "automatic Hessian on/off", group: "analysis"),
        KeyBinding(keys: [.char("b")], action: .toggleBoundaries, help: "region boundaries", group: "analysis"),
        KeyBinding(keys: [.char("v")], action: .toggleActiveMap, help: "active-unit map (2D)", group: "analysis"),
        KeyBinding(keys: [.char("k")], action: .toggleKinks, help: "kink markers", group: "analysis"),
        KeyBinding(keys: [.char("g")], action: .gradcheck, help: "gradient check table", group: "analysis"),
        KeyBinding(keys: [.char("x")], action: .toggleStacking, help: "Jacobian: column/row stack", group: "analysis"),
        KeyBinding(keys: [.char("l")], action: .landscapePane, help: "landscape pane on/off", group: "analysis"),
        KeyBinding(keys: [.char("j")], action: .cycleLandscapeDirections, help: "landscape directions", group: "analysis"),
        KeyBinding(keys: [.char("p")], action: .sharpnessPane, help: "sharpness λmax, λmin on/off", group: "analysis"),
        KeyBinding(keys: [.char("y")], action: .flatDirectionsPane, help: "flat directions (λ≈0)", group: "analysis"),
        KeyBinding(keys: [.char("1"), .char("2"), .char("3"), .char("4")], action: .focusSession,
                   help: "focus session 1–4 (compare)", group: "compare"),
        KeyBinding(keys: [.char("0")], action: .focusAll, help: "keys act on all (compare)", group: "compare"),
        KeyBinding(keys: [.tab], action: .focusNext, help: "focus next pane (session)", group: "view"),
        KeyBinding(keys: [.char("z")], action: .toggleZoom, help: "zoom focused pane (session)", group: "view"),
        KeyBinding(keys: [.char("L")], action: .toggleStepAxis, help: "step axis auto/log/linear", group: "view"),
        KeyBinding(keys: [.char("c")], action: .toggleCaption, help: "caption on/off", group: "view"),
        KeyBinding(keys: [.left], action: .previousPane, help: "previous pane (--present)", group: "view"),
        KeyBinding(keys: [.right], action: .nextPane, help: "next pane (--present)", group: "view"),
        KeyBinding(keys: [.char("?")], action: .toggleHelp, help: "this help", group: "view"),
        KeyBinding(keys: [.escape], action: .closeOverlay, help: "close overlay / unzoom", group: "view"),
        KeyBinding(keys: [.char("q"), .ctrl("c")], action: .quit, help: "quit", group: "view"),
    ]

    /// Mouse help lines (not keys, but listed in the overlay too).
    public static let mouseHelp: [(String, String)] = [
        ("click", "add class-0 point on the map"),
        ("right/shift-click", "add class-1 point"),
        ("click (1D fit)", "add the point (x, y)"),
    ]

    /// The action bound to `key`, if any.
    public static func action(for key: Key) -> Action? {
        for b in bindings where b.keys.contains(key) { return b.action }
        return nil
    }

    /// The binding of an action (every action has exactly one).
    public static func binding(for action: Action) -> KeyBinding? {
        bindings.first { $0.action == action }
    }
}
