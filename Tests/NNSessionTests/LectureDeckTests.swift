import Testing
@testable import NNSession
import NNCore

/// A deck with one step whose fields can be replaced, so each malformed case differs in one place.
private func deckText(step: String = #"{"title": "Basis functions", "preset": "regression-1d", "notes": ["one line"]}"#,
                      extra: String = "") -> String {
    #"{"title": "Test deck", "steps": [{"title": "first", "preset": "sawtooth", "notes": ["a"]}, "# + step + "]" + extra + "}"
}

private func parseDeck(_ text: String) throws(PresetError) -> LectureDeck {
    try LectureDeck.parse(bytes: Array(text.utf8), file: "deck.json") { name throws(PresetError) in
        try LectureDeck.presetSource(name)
    }
}

private func deckError(_ text: String) -> String? {
    do {
        _ = try parseDeck(text)
        return nil
    } catch {
        return error.description
    }
}

struct LectureDeckTests {
    @Test func shippedDeckFollowsTheLecture() throws {
        let deck = try LectureDeck.load()
        #expect(deck.title == "Deep Architectures")
        #expect(deck.steps.map(\.presetName) == [
            "regression-1d", "shallow-width", "sawtooth", "sawtooth-train", "relu-regions", "relu-regions-4x4",
            "kronecker", "kronecker", "lecture-regression-2d", "circle", "autodiff-cost", "hessian-optimum",
            "double-descent", "ntk-lazy", "deep-linear", "depth-vs-width", "initialisation", "optimizers",
            "learning-rates", "batch-size", "regularisation", "early-stopping", "normalisation", "loss-landscape",
            "edge-of-stability",
        ])
        // Every step's preset is the library's preset (no step of the shipped deck overrides one).
        for step in deck.steps {
            #expect(!step.isOverridden)
            #expect(step.preset == (try PresetLibrary.load(step.presetName)), "\(step.title)")
            #expect((1...4).contains(step.notes.count), "\(step.title): a few talking points")
        }
        #expect(deck.steps[2].startsPaused && deck.steps[4].startsPaused && deck.steps[5].startsPaused)
        #expect(deck.steps[7].keys == ["g"])
    }

    @Test func stepFieldsAreRead() throws {
        let deck = try parseDeck(deckText(step: #"""
            {"title": "t", "preset": "sawtooth", "start": "running", "pace": 50, "focus": "loss", "zoom": "fit",
             "present": true, "keys": ["b", "}"], "notes": ["x", "y"], "duration": 12.5}
            """#))
        let s = deck.steps[1]
        #expect(deck.steps.count == 2 && deck.name == "deck")
        #expect(s.start == .running && s.pace == .perSecond(50) && s.focus == "loss" && s.zoom == "fit")
        #expect(s.present && s.keys == ["b", "}"] && s.notes == ["x", "y"] && s.duration == 12.5)
        #expect(!s.startsPaused && s.entryPace == .perSecond(50))
        // Without its own start and pace a step takes its preset's.
        let plain = deck.steps[0]
        #expect(plain.start == nil && plain.entryPace == plain.preset.view.pace && plain.duration == nil)
        #expect(plain.startsPaused == (plain.preset.view.start == .paused))
    }

    @Test func inlineOverridesAreMergedAndValidated() throws {
        let deck = try parseDeck(deckText(step: #"""
            {"title": "t", "preset": {"name": "regression-1d", "view": {"pace": 20}, "training": {"optimizer": {"lr": 0.5}}},
             "notes": ["x"]}
            """#))
        let s = deck.steps[1]
        let base = try PresetLibrary.load("regression-1d")
        #expect(s.isOverridden && s.presetName == "regression-1d")
        #expect(s.preset.view.pace == .perSecond(20) && s.preset.training.optimizer.lr == 0.5)
        #expect(s.preset.model == base.model && s.preset.data == base.data)
    }

    static let malformed: [(String, String)] = [
        ("{", "deck.json: invalid JSON at line 1"),
        (#"{"title": "x"}"#, "deck.json: steps: missing (expected an array of 1 to 100 steps)"),
        (#"{"title": "x", "steps": []}"#, "deck.json: steps: expected an array of 1 to 100 steps, got an empty array"),
        (#"{"title": "x", "steps": [], "slides": 1}"#, "deck.json: slides: unknown key"),
        (deckText(step: #"{"preset": "sawtooth", "notes": ["a"]}"#), "deck.json: steps[1].title: missing"),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "notes": ["a"], "colour": 1}"#), "deck.json: steps[1].colour: unknown key"),
        (deckText(step: #"{"title": "t", "notes": ["a"]}"#), "deck.json: steps[1].preset: missing (expected a preset name"),
        (deckText(step: #"{"title": "t", "preset": "no-such", "notes": ["a"]}"#), "deck.json: steps[1].preset: unknown preset"),
        (deckText(step: #"{"title": "t", "preset": "../x", "notes": ["a"]}"#), "deck.json: steps[1].preset: expected a preset name"),
        (deckText(step: #"{"title": "t", "preset": 3, "notes": ["a"]}"#), "deck.json: steps[1].preset: expected a preset name or an object"),
        (deckText(step: #"{"title": "t", "preset": {"name": "regression-1d", "training": {"optimizer": {"lr": -1}}}, "notes": ["a"]}"#),
         "deck.json: steps[1].preset.training.optimizer.lr: expected a number > 0, got -1"),
        (deckText(step: #"{"title": "t", "preset": {"name": "regression-1d", "colour": 1}, "notes": ["a"]}"#),
         "deck.json: steps[1].preset.colour: unknown key"),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "start": "later", "notes": ["a"]}"#),
         #"deck.json: steps[1].start: expected "running" or "paused", got "later""#),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "pace": 0, "notes": ["a"]}"#),
         "deck.json: steps[1].pace: expected a number of steps per second > 0"),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "focus": "weights", "notes": ["a"]}"#),
         #"deck.json: steps[1].focus: expected a pane name (one of: fit, regions"#),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "zoom": 1, "notes": ["a"]}"#), "deck.json: steps[1].zoom: expected a pane name"),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "present": "yes", "notes": ["a"]}"#),
         #"deck.json: steps[1].present: expected true or false, got "yes""#),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "keys": ["bb"], "notes": ["a"]}"#),
         #"deck.json: steps[1].keys[0]: expected one printable character, got "bb""#),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "keys": "b", "notes": ["a"]}"#), "deck.json: steps[1].keys: expected an array"),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "notes": []}"#), "deck.json: steps[1].notes: expected an array of 1 to 8 talking points"),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "notes": ["a", ""]}"#), "deck.json: steps[1].notes[1]: expected a non-empty one-line string"),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "notes": ["a\nb"]}"#), "deck.json: steps[1].notes[0]: expected a non-empty one-line string"),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "notes": ["\#(String(repeating: "x", count: 121))"]}"#),
         "deck.json: steps[1].notes[0]: expected a non-empty one-line string of at most 120 characters"),
        (deckText(step: #"{"title": "t", "preset": "sawtooth", "notes": ["a"], "duration": 0}"#),
         "deck.json: steps[1].duration: expected a number of seconds between 0.5 and 3600, got 0"),
    ]

    @Test(arguments: 0..<malformed.count) func malformedDeckIsOneLineNamingStepAndField(_ i: Int) {
        let (text, expected) = Self.malformed[i]
        let message = deckError(text)
        #expect(message?.hasPrefix(expected) == true, "got \(message ?? "no error"), expected \(expected)")
        #expect(message?.contains("\n") == false)
    }

    @Test func unboundKeysAreRefused() throws {
        let deck = try parseDeck(deckText(step: #"{"title": "t", "preset": "sawtooth", "keys": ["b", "Q"], "notes": ["a"]}"#))
        var error: PresetError?
        do { try deck.validateKeys { $0 != "Q" } } catch let e { error = e }
        #expect(error?.description == #"deck.json: steps[1].keys[1]: expected a dashboard key, got "Q" (no key binding)"#)
        try deck.validateKeys { _ in true }
    }

    @Test func unknownDeckNameIsAUsageError() {
        var error: PresetError?
        do { _ = try LectureDeck.load("no-such-deck") } catch let e { error = e }
        #expect(error?.isUsageError == true)
        #expect(error?.description.hasPrefix("no-such-deck: unknown lecture deck (known: deep-architectures)") == true)
    }
}
