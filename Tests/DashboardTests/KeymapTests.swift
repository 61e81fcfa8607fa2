import Testing
import TerminalUI
@testable import Dashboard

/// The keymap is the single source of truth: every key in the help overlay dispatches, and every
/// dispatching key is in the help overlay.
@Suite struct KeymapTests {
    @Test func everyActionHasExactlyOneBindingAndNoKeyIsBoundTwice() {
        for action in Action.allCases {
            #expect(Keymap.bindings.filter { $0.action == action }.count == 1, "\(action)")
        }
        let keys = Keymap.bindings.flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "a key bound twice")
    }

    @Test func everyListedKeyDispatchesItsAction() {
        for binding in Keymap.bindings {
            for key in binding.keys {
                #expect(Keymap.action(for: key) == binding.action, "\(key.label)")
                // And the reducer reacts: state or effects change.
                var s = Fixtures.state()
                s.showHelp = binding.action == .closeOverlay
                if binding.action == .selectLayerUp { s.selectedLayer = 1 }
                if binding.action == .selectUnitPrev { s.selectedUnit = 1 }
                let before = s
                let effects = Reducer.reduce(&s, .key(key))
                #expect(!effects.isEmpty || s != before, "\(key.label) did nothing")
            }
        }
    }

    @Test func helpOverlayListsExactlyTheKeymap() {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var s = Fixtures.state(width: 120, height: 40)
        s.showHelp = true
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        let screen = b.lines()
        for binding in Keymap.bindings {
            #expect(screen.contains { $0.contains(binding.keyLabel) && $0.contains(binding.help) },
                    "help overlay misses \(binding.keyLabel) \(binding.help)")
        }
        // Vice versa: every key mentioned on a help line dispatches (parse the key column back).
        let entries = HelpOverlay.entries()
        #expect(entries.count == Keymap.bindings.count + Keymap.mouseHelp.count)
        let keyed = Dictionary(uniqueKeysWithValues: allKeys.map { ($0.label, $0) })
        for entry in entries.prefix(Keymap.bindings.count) {
            for label in entry.key.split(separator: " ") {
                guard let key = keyed[String(label)] else {
                    Issue.record("help names unknown key \(label)")
                    continue
                }
                #expect(Keymap.action(for: key) != nil, "\(label) does not dispatch")
            }
        }
    }

    /// All keys a terminal can send us (printable ASCII plus specials).
    var allKeys: [Key] {
        (32...126).compactMap { Unicode.Scalar($0).map(Key.char) } + (97...122).compactMap { Unicode.Scalar($0).map(Key.ctrl) }
            + [.up, .down, .left, .right, .tab, .backTab, .enter, .escape, .backspace, .home, .end, .pageUp, .pageDown]
    }

    @Test func unlistedKeysDoNothing() {
        let listed = Set(Keymap.bindings.flatMap(\.keys))
        for key in allKeys where !listed.contains(key) {
            var s = Fixtures.state()
            let before = s
            #expect(Reducer.reduce(&s, .key(key)).isEmpty)
            #expect(s == before, "\(key.label) changed the state without being in the help")
        }
    }
}
