extension LectureDeck {
    static let rootKeys = ["title", "description", "steps"]
    static let stepKeys = ["title", "preset", "start", "pace", "focus", "zoom", "present", "keys", "notes", "duration"]
    static let overrideKeys = ["name", "title", "description", "caption", "data", "model", "training", "view", "compare"]

    /// Panes a step may focus or zoom (the dashboard's pane names).
    public static let paneNames = ["fit", "regions", "loss", "spectrum", "network", "jacobian", "autodiff_cost", "ntk",
                                   "singular_values", "double_descent"]

    /// A named preset as the deck reads it: the file it came from and its JSON (for inline overrides).
    public struct PresetSource: Sendable {
        public var file: String
        public var json: JSONValue
        public init(file: String, json: JSONValue) {
            self.file = file
            self.json = json
        }
    }

    /// Parses and strictly validates a deck file. `resolve` finds a named preset (the presets directory by
    /// default). Throws one ``PresetError`` for the first problem, naming the step and field:
    /// `deck.json: steps[3].notes[1]: expected a non-empty one-line string of at most 120 characters, got …`.
    public static func parse(bytes: [UInt8], file: String, name: String? = nil,
                             resolve: (String) throws(PresetError) -> PresetSource) throws(PresetError) -> LectureDeck {
        let json: JSONValue
        do { json = try JSONParser.parse(bytes: bytes) } catch {
            throw PresetError(file: file, path: "", message: "invalid JSON at \(error.description)")
        }
        let root = try JSONField(value: json, path: "", file: file)
            .object(allowed: rootKeys, what: "a JSON object at the top level")
        let title = try line(root["title"], max: maxTitleLength)
        if root.has("description") { _ = try line(root["description"], max: 200) }
        let items = try root["steps"].array(what: "an array of \(stepCounts.lowerBound) to \(stepCounts.upperBound) steps",
                                            count: stepCounts)
        var steps: [LectureStep] = []
        for item in items { steps.append(try parseStep(item, resolve: resolve)) }
        return LectureDeck(name: name ?? Preset.stem(of: file), source: file, title: title, steps: steps)
    }

    static func parseStep(_ field: JSONField, resolve: (String) throws(PresetError) -> PresetSource) throws(PresetError) -> LectureStep {
        let o = try field.object(allowed: stepKeys, what: "a step object")
        let title = try line(o["title"], max: maxTitleLength)
        let (preset, overridden) = try parsePreset(o["preset"], resolve: resolve)
        var step = LectureStep(title: title, preset: preset, isOverridden: overridden, notes: [])
        if o.has("start") {
            let names = StartState.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            guard case .string(let s)? = o["start"].value, let start = StartState(rawValue: s) else { throw o["start"].expected(names) }
            step.start = start
        }
        if o.has("pace") { step.pace = try Preset.parsePace(o["pace"]) }
        if o.has("focus") { step.focus = try o["focus"].name(of: paneNames, what: "a pane name") }
        if o.has("zoom") { step.zoom = try o["zoom"].name(of: paneNames, what: "a pane name") }
        if o.has("present") { step.present = try o["present"].bool() }
        if o.has("keys") {
            let what = "an array of at most \(maxKeys) keys, each one printable character"
            for item in try o["keys"].array(what: what, count: 0...maxKeys) {
                let s = try item.string(what: "one printable character")
                guard s.count == 1, let u = s.unicodeScalars.first, u.value >= 0x20, u.value != 0x7f else {
                    throw item.expected("one printable character")
                }
                step.keys.append(s)
            }
        }
        let notes = try o["notes"].array(what: "an array of \(noteCounts.lowerBound) to \(noteCounts.upperBound) talking points",
                                         count: noteCounts)
        for note in notes { step.notes.append(try line(note, max: maxNoteLength)) }
        if o.has("duration") {
            step.duration = try o["duration"].number("a number of seconds between 0.5 and 3600") { durations.contains($0) }
        }
        return step
    }

    /// `"preset": "name"` or `"preset": {"name": "name", …overrides}`: the overrides (any preset keys) are
    /// deep-merged onto the named preset's file (objects key by key, anything else replaced) and the result is
    /// validated like a preset file.
    static func parsePreset(_ field: JSONField, resolve: (String) throws(PresetError) -> PresetSource) throws(PresetError) -> (Preset, Bool) {
        let what = "a preset name or an object {\"name\": …, overrides}"
        if case .string = field.value {
            let name = try presetName(field)
            let source = try resolved(name, field, resolve)
            return (try Preset.parse(json: source.json, file: source.file, name: name), false)
        }
        guard case .object = field.value else { throw field.expected(what) }
        let o = try field.object(allowed: overrideKeys, what: what)
        let name = try presetName(o["name"])
        let source = try resolved(name, o["name"], resolve)
        _ = try Preset.parse(json: source.json, file: source.file, name: name)  // the file alone is valid
        guard case .object(let base) = source.json, case .object(var overrides)? = field.value else { throw field.expected(what) }
        overrides["name"] = nil
        let merged = JSONValue.object(Preset.deepMerge(base, overrides))
        do {
            return (try Preset.parse(json: merged, file: source.file, name: name), true)
        } catch {
            // The merged document failed: the overrides are to blame (the file alone parsed).
            throw PresetError(file: field.file, path: error.path.isEmpty ? field.path : field.path + "." + error.path,
                              message: error.message)
        }
    }

    /// The named preset's source; an unknown name is reported at the deck's field.
    static func resolved(_ name: String, _ field: JSONField,
                         _ resolve: (String) throws(PresetError) -> PresetSource) throws(PresetError) -> PresetSource {
        do { return try resolve(name) } catch {
            if error.file == name { throw field.error(error.message + ", got \"\(name)\"") }
            throw error
        }
    }

    static func presetName(_ field: JSONField) throws(PresetError) -> String {
        let what = "a preset name (letters, digits, '-' and '_')"
        let s = try field.string(what: what)
        guard !s.isEmpty, s.count <= 64,
              s.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else { throw field.expected(what) }
        return s
    }

    /// A non-empty one-line string of at most `max` characters.
    static func line(_ field: JSONField, max: Int) throws(PresetError) -> String {
        let what = "a non-empty one-line string of at most \(max) characters"
        let s = try field.nonEmptyString(what: what)
        if s.count > max || s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) { throw field.expected(what) }
        return s
    }

    /// Checks every step's `keys` against the dashboard's keymap (`isBound` says whether a key does something).
    public func validateKeys(isBound: (String) -> Bool) throws(PresetError) {
        for (i, step) in steps.enumerated() {
            for (k, key) in step.keys.enumerated() where !isBound(key) {
                throw PresetError(file: source, path: "steps[\(i)].keys[\(k)]",
                                  message: "expected a dashboard key, got \"\(key)\" (no key binding)")
            }
        }
    }
}
