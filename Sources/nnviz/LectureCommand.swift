import ArgumentParser
import Dashboard
import Foundation
import NNSession
import PaneModels

/// `nnviz lecture [DECK] [--step N] [--autoplay SECONDS] | --check`: a lecture deck of live demos.
struct LectureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lecture",
        abstract: "Run a lecture deck: one live demo per step, driven like slides.",
        discussion: """
            DECK is a deck name (presets/lectures/NAME.json) or a path; default deep-architectures. In the \
            dashboard PgDn/PgUp and . , move between steps, ? lists the steps (and jumps to one), T shows the \
            speaker notes. --check runs every step headless to its preset's view.claim_step and prints one JSON \
            line per step (step, preset, claim_ok, the numbers checked); exit 1 if a claim fails.
            """
    )

    @Argument(help: "Deck name or path to a deck .json file.")
    var deck: String = LectureDeck.defaultName

    @Option(help: "Open at step N (1-based).")
    var step: Int = 1

    @Option(help: "Advance by itself every SECONDS (a step's own duration wins), stopping on the last step.")
    var autoplay: Double?

    @Flag(help: "Run every step headless to its claim step and check its claim (JSON Lines).")
    var check = false

    @Flag(help: "Follow the presenting `nnviz lecture` (in another terminal): print each step's notes and the next step's title.")
    var notes = false

    @Flag(help: "With --notes: print the current step's notes once and exit.")
    var once = false

    @Option(help: "Frames per second (1-120).")
    var fps: Int = 30

    @Flag(help: "Draw with ASCII only (no braille, blocks or box drawing).")
    var ascii = false

    func validate() throws {
        guard step >= 1 else { throw ValidationError("--step must be >= 1, got \(step)") }
        if let autoplay, !(LectureDeck.durations.contains(autoplay)) {
            throw ValidationError("--autoplay must be a number of seconds between 0.5 and 3600, got \(autoplay)")
        }
        guard (1...120).contains(fps) else { throw ValidationError("--fps must be in 1...120, got \(fps)") }
        if check, autoplay != nil || step != 1 { throw ValidationError("--check runs every step; give no --step or --autoplay") }
        if notes, check || autoplay != nil || step != 1 { throw ValidationError("--notes follows another lecture; give no --check, --step or --autoplay") }
        if once, !notes { throw ValidationError("--once goes with --notes") }
    }

    func run() throws {
        if notes {
            try LectureNotes.follow(once: once)
            return
        }
        let deck = try Self.load(deck)
        guard step <= deck.steps.count else {
            throw CLIError.usage("--step \(step): the deck \(deck.source) has \(deck.steps.count) steps")
        }
        if check {
            try Self.check(deck)
            return
        }
        try LectureDashboard.run(deck: deck, step: step - 1, autoplay: autoplay, fps: fps, ascii: ascii)
    }

    /// The deck, validated (its keys against the dashboard's keymap), or one line and exit 2/1.
    static func load(_ name: String) throws -> LectureDeck {
        do {
            let deck = try LectureDeck.load(name)
            try deck.validateKeys { key in key.unicodeScalars.count == 1 && key.unicodeScalars.first.map { Keymap.action(for: .char($0)) != nil } == true }
            return deck
        } catch {
            throw CLIError(message: error.description, exitCode: error.isUsageError ? 2 : 1)
        }
    }

    /// `--check`: one JSON line per step; exit 1 when a claim fails.
    static func check(_ deck: LectureDeck) throws {
        var failed: [Int] = []
        for (i, step) in deck.steps.enumerated() {
            let result: ClaimResult?
            do { result = try PresetClaims.check(step.preset) } catch {
                throw CLIError.failure(error.description)
            }
            var line = JSONObject([("step", .number(Double(i + 1))), ("preset", .string(step.presetName))])
            if let result {
                line["claim_ok"] = .bool(result.ok)
                line["claim_step"] = .number(Double(step.preset.view.claimStep ?? 0))
                line["numbers"] = .object(JSONObject(result.numbers.map { ($0.name, JSONValue.number($0.value)) }))
                if !result.ok {
                    line["failures"] = .array(result.failures.map { .string($0) })
                    failed.append(i + 1)
                }
            } else {
                // No step claim: the preset states a definition, or its claim is checked elsewhere.
                line["claim_ok"] = .null
            }
            StandardStreams.writeOrExit(JSONValue.object(line).serialized(pretty: false) + "\n")
        }
        if !failed.isEmpty {
            throw CLIError.failure("claims failed at step\(failed.count == 1 ? "" : "s") \(failed.map(String.init).joined(separator: ", ")) of \(deck.source)")
        }
    }
}
