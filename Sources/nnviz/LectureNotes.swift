import Dashboard
import Foundation
import NNSession

/// `nnviz lecture --notes`: a second terminal follows the presenting instance through a small state file. The
/// presenting `nnviz lecture` rewrites it (atomically) whenever a step opens; the follower prints the step, its
/// talking points and the next step's title each time the file changes. Never required: without a follower the
/// file is just a few hundred bytes in the temporary directory.
enum LectureNotes {
    /// `$NNVIZ_LECTURE_STATE`, else `$TMPDIR/nnviz-lecture-UID.json` (`/tmp` without TMPDIR).
    static var path: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["NNVIZ_LECTURE_STATE"], !p.isEmpty { return p }
        let dir = env["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (dir as NSString).appendingPathComponent("nnviz-lecture-\(getuid()).json")
    }

    /// The state of the step shown: `{"step", "count", "preset", "title", "notes", "next"}`.
    static func json(_ p: DeckPlayer) -> String {
        let step = p.current
        let o = JSONObject([
            ("step", .number(Double(p.index + 1))), ("count", .number(Double(p.steps.count))),
            ("preset", .string(step.presetName)), ("title", .string(step.title)),
            ("notes", .array(step.notes.map { .string($0) })),
            ("next", p.isLast ? .null : .string(p.steps[p.index + 1].title)),
        ])
        return JSONValue.object(o).serialized(pretty: false) + "\n"
    }

    /// Writes the state for the presenting instance (failures are ignored: the file is a convenience).
    static func write(_ p: DeckPlayer) {
        let target = path
        let temp = target + ".tmp\(getpid())"
        guard (try? Data(json(p).utf8).write(to: URL(fileURLWithPath: temp))) != nil else { return }
        if rename(temp, target) != 0 { unlink(temp) }
    }

    /// The text the follower prints for a state file's contents (nil: not a state file).
    static func text(_ contents: String) -> String? {
        guard case .object(let o)? = try? JSONParser.parse(contents),
              case .number(let step, _)? = o["step"], case .number(let count, _)? = o["count"],
              case .string(let preset)? = o["preset"], case .string(let title)? = o["title"],
              case .array(let notes)? = o["notes"] else { return nil }
        var out = "step \(Int(step))/\(Int(count)) · \(preset) — \(title)\n"
        for case .string(let n) in notes { out += "  • \(n)\n" }
        if case .string(let next)? = o["next"] { out += "  next: \(next)\n" } else { out += "  next: (last step)\n" }
        return out
    }

    /// Follows the state file: prints the notes whenever they change (`once`: prints them and returns).
    static func follow(once: Bool) throws {
        let file = path
        var last: String?
        while true {
            let contents = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            if contents != last {
                last = contents
                if let text = text(contents) {
                    let clear = isatty(1) == 1 && !once ? "\u{1B}[2J\u{1B}[H" : ""
                    StandardStreams.writeOrExit(clear + text)
                } else if once {
                    throw CLIError.failure("\(file): no lecture is being presented (start `nnviz lecture` first)")
                }
            }
            if once { return }
            usleep(300_000)
        }
    }
}
