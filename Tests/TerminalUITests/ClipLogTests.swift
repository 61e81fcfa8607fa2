import Testing
@testable import TerminalUI

/// ``Buffer/clipLog``: off by default; when on, every write that lost visible text is recorded (by
/// `maxWidth`, by the clip's right edge, or left of the clip), with the token the cut falls in; writes that
/// fit, or lose only trailing spaces, are not.
@Suite struct ClipLogTests {
    @Test func offByDefaultAndNotPartOfEquality() {
        var a = Buffer(width: 6, height: 1)
        a.write("a long text", x: 0, y: 0)
        #expect(a.clipLog == nil)
        var b = Buffer(width: 6, height: 1)
        b.clipLog = []
        b.write("a long text", x: 0, y: 0)
        #expect(b.clipLog?.count == 1)
        #expect(a == b)   // same cells: equal, whatever the record says
    }

    @Test func recordsWritesThatLoseText() {
        var b = Buffer(width: 20, height: 2)
        b.clipLog = []
        b.write("fits", x: 0, y: 0)
        b.write("pad   ", x: 16, y: 0)                             // only spaces lost
        b.write("loss 0.0623", x: 0, y: 1, maxWidth: 8)           // maxWidth cuts the number
        b.write("of at most 81", x: 10, y: 1, clip: Rect(x: 10, y: 1, width: 9, height: 1))   // the clip cuts "81"
        b.write("head", x: -2, y: 0, clip: Rect(x: 0, y: 0, width: 10, height: 1))           // the head is lost
        let log = b.clipLog ?? []
        #expect(log.count == 3)
        #expect(log.map(\.written) == ["loss 0.0", "of at mos", "head"])
        #expect(log.map(\.cutToken) == ["0.0623", "most", nil])
        #expect(log.map(\.cutsNumber) == [true, false, false])
        #expect(log[1].clip == Rect(x: 10, y: 1, width: 9, height: 1))
        #expect(log[2].lostHead)
        // Independent check of what was drawn: the cells themselves.
        #expect(b.lines()[1] == "loss 0.0  of at mos ")
    }

    @Test func aCutBetweenWordsHasNoToken() {
        var b = Buffer(width: 8, height: 1)
        b.clipLog = []
        b.write("15 kinks = 16", x: 0, y: 0)   // cut right after "kinks"
        #expect(b.clipLog?.first?.cutToken == nil)
        #expect(b.clipLog?.first?.written == "15 kinks")
    }
}
