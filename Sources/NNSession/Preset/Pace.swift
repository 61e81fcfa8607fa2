/// How fast the dashboard trains: a target number of steps per second, or `max` (as fast as the machine
/// goes). A preset sets it as `view.pace` (a number > 0, or `"max"`); the `f` and `F` keys move along
/// ``Pace/ladder``. The dashboard's reducer turns it into steps per frame from the frame clock (with the
/// fraction carried over), so the pace holds whatever the frame rate.
public enum Pace: Sendable, Equatable, CustomStringConvertible {
    case perSecond(Double)
    case max

    /// The pace of a preset without `view.pace`: slow enough to watch the first hundreds of steps.
    public static let `default` = Pace.perSecond(200)

    /// Largest number a preset may give (steps per second).
    public static let maxPerSecond = 10_000_000.0

    /// The rungs `f` (up) and `F` (down) move along: 1, 2, 5, 10, 20, 50, …, 50k, then max.
    public static let ladder: [Pace] = [1.0, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000]
        .map(Pace.perSecond) + [.max]

    /// Steps per second (nil for `max`).
    public var stepsPerSecond: Double? {
        if case .perSecond(let r) = self { return r }
        return nil
    }

    /// A positive finite rate up to ``maxPerSecond``, or max.
    public var isValid: Bool {
        guard let r = stepsPerSecond else { return true }
        return r.isFinite && r > 0 && r <= Pace.maxPerSecond
    }

    /// The next rung above (max stays max). A pace between rungs goes to the next rung up.
    public var faster: Pace {
        guard let r = stepsPerSecond else { return .max }
        return Pace.ladder.first { ($0.stepsPerSecond ?? .infinity) > r } ?? .max
    }

    /// The next rung below (1/s is the slowest rung; a slower preset value stays).
    public var slower: Pace {
        guard let r = stepsPerSecond else { return Pace.ladder[Pace.ladder.count - 2] }
        return Pace.ladder.last { ($0.stepsPerSecond ?? .infinity) < r } ?? self
    }

    /// "50/s", "2k/s", "50k/s", "1.5k/s", "0.5/s" or "max".
    public var label: String {
        guard let r = stepsPerSecond else { return "max" }
        return Pace.count(r) + "/s"
    }

    public var description: String { "pace " + label }

    /// A rate as the status bar shows it: integers below 1000, then k (and M) with at most one decimal.
    public static func count(_ r: Double) -> String {
        func trimmed(_ v: Double) -> String {
            let rounded = (v * 10).rounded() / 10
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        guard r.isFinite else { return "\(r)" }
        if r >= 1_000_000 { return trimmed(r / 1_000_000) + "M" }
        if r >= 1000 { return trimmed(r / 1000) + "k" }
        if r >= 1 { return String(Int(r.rounded())) }
        return trimmed(r) == "0" ? String(r) : trimmed(r)
    }
}

/// Whether the dashboard trains as soon as it opens (`view.start`).
public enum StartState: String, Sendable, Equatable, CaseIterable {
    case running, paused
}
