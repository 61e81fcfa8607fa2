import Foundation

/// A problem with a data file, as one line: `data.csv: line 4: expected 3 numbers, got 2`.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line number, when the problem is on one line.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// An echoed value cut to at most 80 characters (a 50 MB field must not become a 50 MB message).
    public static func shortened(_ s: String, limit: Int = 80) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
    }

    public var description: String {
        if let line { return "\(file): line \(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Numeric CSV: comma-separated, one point per line, optional header, blank lines and `#` comments skipped.
///
/// The first non-blank, non-comment line is a header when any of its fields is not a number; every other
/// line must have the same number of fields, each a finite number (`nan`, `inf` and empty fields are
/// refused with the line and column).
public enum CSVReader {
    public struct Table: Sendable, Equatable {
        public var header: [String]?
        public var columnCount: Int
        /// Row-major values, rows × columnCount.
        public var values: [Double]
        /// The 1-based file line of each row (for error messages about targets).
        public var lines: [Int]
        public var rowCount: Int { lines.count }
    }

    public static func parse(_ text: String, file: String) throws(DataError) -> Table {
        var header: [String]?
        var columns = 0
        var values: [Double] = []
        var lines: [Int] = []
        var lineNumber = 0
        // Lines are found one at a time in the UTF-8 bytes (never an array of every line: a file of blank
        // lines must not cost memory per line); "\r\n" ends a line like "\n".
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
            defer { lineStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : utf8.endIndex }
            let rawLine = text[lineStart..<lineEnd]
            lineNumber += 1
            if rawLine.utf8.contains(0) {
                throw DataError(file: file, line: lineNumber, message: "contains a NUL byte (expected comma-separated numbers)")
            }
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if columns == 0 {
                columns = fields.count
                if fields.contains(where: { Double($0) == nil }) {
                    header = fields
                    continue
                }
            }
            guard fields.count == columns else {
                throw DataError(file: file, line: lineNumber, message: "expected \(columns) comma-separated numbers, got \(fields.count) fields")
            }
            for (c, field) in fields.enumerated() {
                guard let v = Double(field), v.isFinite else {
                    let shown = field.isEmpty ? "an empty field" : "\"\(DataError.shortened(String(field)))\""
                    throw DataError(file: file, line: lineNumber, message: "column \(c + 1): expected a finite number, got \(shown)")
                }
                values.append(v)
            }
            lines.append(lineNumber)
            if lines.count > 1_000_000 { throw DataError(file: file, message: "more than 1000000 rows") }
        }
        if lines.isEmpty {
            throw DataError(file: file, message: header == nil ? "no data rows (the file is empty)" : "no data rows after the header")
        }
        return Table(header: header, columnCount: columns, values: values, lines: lines)
    }

    /// Reads a file's text, with one-line errors for a missing file, a directory, a FIFO or device, a file
    /// larger than ``BoundedFile/csvLimit``, or bytes that are not UTF-8 (see ``BoundedFile``).
    public static func readText(_ path: String) throws(DataError) -> String {
        let bytes: [UInt8]
        switch BoundedFile.read(path, limit: BoundedFile.csvLimit) {
        case .success(let b): bytes = b
        case .failure(let f): throw DataError(file: path, message: f.description)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DataError(file: path, message: "not UTF-8 text")
        }
        return text
    }
}

extension CSVSpec {
    /// The file's points as inputs x (n × d) and targets y (n × k) for this spec's target kind.
    /// `text` overrides reading `path` (tests); `path` still names the file in errors.
    public func load(text: String? = nil) throws(DataError) -> (data: Dataset, task: Task) {
        let source: String
        if let text { source = text } else { source = try CSVReader.readText(path) }
        let table = try CSVReader.parse(source, file: path)
        let targetCount = targetKind == .regression ? targetColumns : 1
        let inputCount = table.columnCount - targetCount
        guard inputCount >= 1 else {
            throw DataError(file: path, message: "expected at least \(targetCount + 1) columns (inputs, then \(targetCount) target column\(targetCount == 1 ? "" : "s")), got \(table.columnCount)")
        }
        var x: [Double] = []
        var targets: [Double] = []
        x.reserveCapacity(table.rowCount * inputCount)
        for r in 0..<table.rowCount {
            let row = table.values[(r * table.columnCount)..<((r + 1) * table.columnCount)]
            x.append(contentsOf: row.prefix(inputCount))
            targets.append(contentsOf: row.suffix(targetCount))
        }
        switch targetKind {
        case .regression:
            return (Dataset(inputSize: inputCount, targetSize: targetCount, x: x, y: targets), .regression)
        case .binary:
            for (r, t) in targets.enumerated() where t != 0 && t != 1 {
                throw DataError(file: path, line: table.lines[r],
                                message: "column \(table.columnCount): expected a binary label 0 or 1, got \(t)")
            }
            return (Dataset(inputSize: inputCount, targetSize: 1, x: x, y: targets), .binary)
        case .multiclass:
            var maxLabel = 0
            for (r, t) in targets.enumerated() {
                guard t >= 0, t == t.rounded(), t < 1000 else {
                    throw DataError(file: path, line: table.lines[r],
                                    message: "column \(table.columnCount): expected a class index 0, 1, 2, ... (below 1000), got \(t)")
                }
                maxLabel = max(maxLabel, Int(t))
            }
            let k = maxLabel + 1
            guard k >= 2 else { throw DataError(file: path, message: "expected at least 2 classes in the last column, got 1") }
            var y = [Double](repeating: 0, count: targets.count * k)
            for (r, t) in targets.enumerated() { y[r * k + Int(t)] = 1 }
            return (Dataset(inputSize: inputCount, targetSize: k, x: x, y: y), .multiclass(classes: k))
        }
    }
}
