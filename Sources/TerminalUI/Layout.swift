/// How much room one part of a split gets.
public enum Constraint: Hashable, Sendable {
    /// Exactly n cells (or what is left).
    case length(Int)
    /// A percentage of the whole.
    case percentage(Int)
    /// At least n cells, then a share of what is left like `.fill(1)`.
    case min(Int)
    /// A share (weight) of the space left after fixed parts.
    case fill(Int)
}

/// Direction of a split.
public enum Direction: Sendable { case horizontal, vertical }

/// A small layout splitter in the spirit of ratatui's `Layout`: divides a rectangle into parts along one
/// axis. Sizes always add up to the whole (rounding goes to the last flexible part), never negative.
public enum Layout {
    public static func split(_ rect: Rect, _ direction: Direction, _ constraints: [Constraint]) -> [Rect] {
        let total = direction == .horizontal ? rect.width : rect.height
        var sizes = [Int](repeating: 0, count: constraints.count)
        var remaining = total
        // Fixed parts first (in order, each capped by what is left).
        for (i, c) in constraints.enumerated() {
            switch c {
            case .length(let n): sizes[i] = Swift.max(0, Swift.min(n, remaining))
            case .percentage(let p): sizes[i] = Swift.max(0, Swift.min(total * Swift.max(0, p) / 100, remaining))
            case .min(let n): sizes[i] = Swift.max(0, Swift.min(n, remaining))
            case .fill: sizes[i] = 0
            }
            remaining -= sizes[i]
        }
        // Flexible parts share the rest by weight.
        var weights = [Int](repeating: 0, count: constraints.count)
        for (i, c) in constraints.enumerated() {
            switch c {
            case .fill(let w): weights[i] = Swift.max(0, w)
            case .min: weights[i] = 1
            default: weights[i] = 0
            }
        }
        let weightSum = weights.reduce(0, +)
        if weightSum > 0 && remaining > 0 {
            var given = 0
            var lastFlexible = -1
            for i in 0..<constraints.count where weights[i] > 0 {
                let share = remaining * weights[i] / weightSum
                sizes[i] += share
                given += share
                lastFlexible = i
            }
            if lastFlexible >= 0 { sizes[lastFlexible] += remaining - given }
        }
        var rects: [Rect] = []
        rects.reserveCapacity(constraints.count)
        var offset = 0
        for s in sizes {
            switch direction {
            case .horizontal: rects.append(Rect(x: rect.x + offset, y: rect.y, width: s, height: rect.height))
            case .vertical: rects.append(Rect(x: rect.x, y: rect.y + offset, width: rect.width, height: s))
            }
            offset += s
        }
        return rects
    }
}
