import Foundation
import Testing
@testable import TerminalUI

/// The asciicast v2 writer: the header and every event are valid JSON (read back with JSONSerialization,
/// an independent parser), escapes survive the round trip, a character split between two writes arrives
/// whole, and times strictly increase.
@Suite struct AsciicastTests {
    func json(_ line: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
    }

    func event(_ line: String?) throws -> (Double, String, String) {
        let l = try #require(line)
        let object = try json(l)
        let a = try #require(object as? [Any])
        #expect(a.count == 3)
        return (try #require(a[0] as? Double), try #require(a[1] as? String), try #require(a[2] as? String))
    }

    @Test func headerIsVersion2JSON() throws {
        let h = AsciicastEncoder.header(width: 100, height: 30, timestamp: 1_700_000_000,
                                        environment: [("SHELL", "/bin/bash"), ("TERM", "xterm-256color")],
                                        title: "nnviz --preset \"saw\\tooth\"")
        let object = try json(h)
        let o = try #require(object as? [String: Any])
        #expect(o["version"] as? Int == 2)
        #expect(o["width"] as? Int == 100 && o["height"] as? Int == 30)
        #expect(o["timestamp"] as? Int == 1_700_000_000)
        #expect((o["env"] as? [String: String]) == ["SHELL": "/bin/bash", "TERM": "xterm-256color"])
        #expect(o["title"] as? String == "nnviz --preset \"saw\\tooth\"")
    }

    /// The header's exact text: one line, a space after each `,` and `:`, keys in this order (recordings made
    /// before and after must not differ in their first line); a repeated variable is written once.
    @Test func headerTextIsStable() {
        let h = AsciicastEncoder.header(width: 100, height: 30, timestamp: 1_700_000_000,
                                        environment: [("TERM", "xterm-256color"), ("SHELL", "/bin/bash")],
                                        title: "nnviz --preset sawtooth")
        #expect(h == #"{"version": 2, "width": 100, "height": 30, "timestamp": 1700000000, "env": {"TERM": "xterm-256color", "SHELL": "/bin/bash"}, "title": "nnviz --preset sawtooth"}"#)
        let bare = AsciicastEncoder.header(width: 0, height: -3, timestamp: 5, environment: [], title: nil)
        #expect(bare == #"{"version": 2, "width": 1, "height": 1, "timestamp": 5, "env": {}}"#)
        let twice = AsciicastEncoder.header(width: 80, height: 24, timestamp: 1, environment: [("TERM", "a"), ("TERM", "b")], title: nil)
        #expect(twice == #"{"version": 2, "width": 80, "height": 24, "timestamp": 1, "env": {"TERM": "b"}}"#)
    }

    @Test func controlCharactersQuotesAndBackslashesRoundTrip() throws {
        var e = AsciicastEncoder()
        let text = "\u{1b}[1;31mred\u{1b}[0m \"q\" \\ \n\r\t\u{7}\u{0}\u{7f} λ ⣿"
        let (t, kind, data) = try event(e.output(Array(text.utf8), atMicroseconds: 1_500_000))
        #expect(t == 1.5 && kind == "o")
        #expect(data == text)
        #expect(AsciicastEncoder.jsonString("\u{1b}") == "\"\\u001b\"")
    }

    @Test func aCharacterSplitBetweenWritesArrivesWhole() throws {
        var e = AsciicastEncoder()
        let bytes = Array("a⣿b😀".utf8)   // ⣿: 3 bytes, 😀: 4 bytes
        // Every split point: the concatenated events are the text, and each event is valid on its own.
        for cut in 0...bytes.count {
            var joined = ""
            for (i, part) in [Array(bytes[..<cut]), Array(bytes[cut...])].enumerated() {
                if let line = e.output(part, atMicroseconds: UInt64(10 * cut + i)) { joined += try event(line).2 }
            }
            #expect(joined == "a⣿b😀", "split at byte \(cut)")
            #expect(e.carry.isEmpty)
        }
        // Three one-byte writes of a three-byte character: nothing until the last byte.
        #expect(e.output([0xE2], atMicroseconds: 1000) == nil)
        #expect(e.output([0xA3], atMicroseconds: 1001) == nil)
        #expect(try event(e.output([0xBF], atMicroseconds: 1002)).2 == "⣿")
    }

    @Test func truncatedAndInvalidBytesBecomeReplacementCharacters() throws {
        var e = AsciicastEncoder()
        #expect(try event(e.output([0x61, 0xFF, 0x62], atMicroseconds: 1)).2 == "a\u{FFFD}b")
        #expect(e.output([0xF0, 0x9F], atMicroseconds: 2) == nil)
        #expect(try event(e.finish(atMicroseconds: 3)).2.unicodeScalars.allSatisfy { $0 == "\u{FFFD}" })
        #expect(e.finish(atMicroseconds: 4) == nil)
    }

    @Test func timesStrictlyIncreaseAndResizesAreEvents() throws {
        var e = AsciicastEncoder()
        var times: [Double] = []
        for t in [0, 0, 5, 3, 5, 1_000_000] as [UInt64] {
            times.append(try event(e.output(Array("x".utf8), atMicroseconds: t)).0)
        }
        let r = try event(e.resize(width: 120, height: 40, atMicroseconds: 2_000_000))
        #expect(r.1 == "r" && r.2 == "120x40")
        times.append(r.0)
        for (a, b) in zip(times, times.dropFirst()) { #expect(b > a) }
        #expect(AsciicastEncoder.seconds(12_000_345) == "12.000345")
    }
}
