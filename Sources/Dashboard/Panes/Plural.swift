/// "1 piece", "2 pieces": counts on screen agree with their noun (a ReLU net at init can have one linear piece
/// or one region, and "1 pieces" reads as a bug on a lecture screen).
enum Plural {
    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
    static func pieces(_ n: Int) -> String { count(n, "piece", "pieces") }
    static func linearPieces(_ n: Int) -> String { count(n, "linear piece", "linear pieces") }
    static func linearRegions(_ n: Int) -> String { count(n, "linear region", "linear regions") }
}
