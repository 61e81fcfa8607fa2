import Testing
@testable import NNCore

@Suite struct DataCSVTests {
    func csvError(_ text: String, _ kind: CSVSpec.TargetKind = .regression, targets: Int = 1) -> String? {
        do {
            _ = try CSVSpec(path: "d.csv", targetKind: kind, targetColumns: targets).load(text: text)
            return nil
        } catch { return error.description }
    }

    @Test func parsesWithAndWithoutHeader() throws {
        let a = try CSVSpec(path: "d.csv").load(text: "x1,x2,y\n1,2,3\n4,5,6\n")
        let b = try CSVSpec(path: "d.csv").load(text: "# comment\n1, 2, 3\r\n\n4,5,6")
        #expect(a.data == b.data)
        #expect(a.data.inputSize == 2 && a.data.targetSize == 1)
        #expect(a.data.x == [1, 2, 4, 5] && a.data.y == [3, 6])
        #expect(a.task == .regression)
    }

    @Test func severalTargetColumns() throws {
        let r = try CSVSpec(path: "d.csv", targetColumns: 2).load(text: "1,2,3\n4,5,6\n")
        #expect(r.data.inputSize == 1 && r.data.targetSize == 2)
        #expect(r.data.x == [1, 4] && r.data.y == [2, 3, 5, 6])
    }

    @Test func classLabels() throws {
        let b = try CSVSpec(path: "d.csv", targetKind: .binary).load(text: "0.5,1\n-1,0\n")
        #expect(b.task == .binary && b.data.y == [1, 0])
        let m = try CSVSpec(path: "d.csv", targetKind: .multiclass).load(text: "0,2\n1,0\n2,1\n")
        #expect(m.task == .multiclass(classes: 3))
        #expect(m.data.y == [0, 0, 1, 1, 0, 0, 0, 1, 0])
    }

    @Test func errorsNameFileLineAndColumn() {
        #expect(csvError("") == "d.csv: no data rows (the file is empty)")
        #expect(csvError("a,b\n") == "d.csv: no data rows after the header")
        #expect(csvError("1,2\n3\n") == "d.csv: line 2: expected 2 comma-separated numbers, got 1 fields")
        #expect(csvError("1,2\n3,nan\n") == "d.csv: line 2: column 2: expected a finite number, got \"nan\"")
        #expect(csvError("1,2\n3,\n") == "d.csv: line 2: column 2: expected a finite number, got an empty field")
        #expect(csvError("1,2\nx,4\n") == "d.csv: line 2: column 1: expected a finite number, got \"x\"")
        #expect(csvError("1\n2\n") == "d.csv: expected at least 2 columns (inputs, then 1 target column), got 1")
        #expect(csvError("1,0.5\n", .binary) == "d.csv: line 1: column 2: expected a binary label 0 or 1, got 0.5")
        #expect(csvError("1,0\n2,-1\n", .multiclass) == "d.csv: line 2: column 2: expected a class index 0, 1, 2, ... (below 1000), got -1.0")
        #expect(csvError("1,0\n2,0\n", .multiclass) == "d.csv: expected at least 2 classes in the last column, got 1")
    }

    @Test func fileErrors() {
        #expect(throws: DataError(file: "/nonexistent.csv", message: "no such file")) {
            try CSVSpec(path: "/nonexistent.csv").load()
        }
        #expect(throws: DataError(file: "/tmp", message: "is a directory (expected a file)")) {
            try CSVSpec(path: "/tmp").load()
        }
    }
}
