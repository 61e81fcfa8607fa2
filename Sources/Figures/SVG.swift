import Foundation

/// XML 1.0 escaping for SVG text and attribute values. `&`, `<`, `>` always; quotes in attributes;
/// characters XML 1.0 cannot carry at all (C0 controls other than tab/newline/return, U+FFFE/U+FFFF,
/// lone surrogates never reach a Swift String) become U+FFFD so the document always parses.
public enum XMLEscape {
    public static func text(_ s: String) -> String { escape(s, attribute: false) }
    public static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    static func escape(_ s: String, attribute: Bool) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where attribute: out.append(contentsOf: "&quot;".unicodeScalars)
            case "'" where attribute: out.append(contentsOf: "&apos;".unicodeScalars)
            // In attributes, whitespace other than a space would be normalised away by parsers: keep it.
            case "\n" where attribute: out.append(contentsOf: "&#10;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            case "\t" where attribute: out.append(contentsOf: "&#9;".unicodeScalars)
            default:
                let v = u.value
                let allowed = v == 0x9 || v == 0xA || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF)
                out.append(allowed ? u : "\u{FFFD}")
            }
        }
        return String(out)
    }
}

/// One SVG element: name, attributes in the order given (so output is byte-for-byte deterministic),
/// children or text.
public struct SVGElement: Sendable, Equatable {
    public var name: String
    public var attributes: [(String, String)]
    public var children: [SVGElement]
    public var text: String?

    public init(_ name: String, _ attributes: [(String, String)] = [], children: [SVGElement] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    public static func == (a: SVGElement, b: SVGElement) -> Bool {
        a.name == b.name && a.children == b.children && a.text == b.text
            && a.attributes.map(\.0) == b.attributes.map(\.0) && a.attributes.map(\.1) == b.attributes.map(\.1)
    }

    /// A group with a class (tests find the parts of a figure by class).
    public static func group(_ cls: String, _ children: [SVGElement], _ extra: [(String, String)] = []) -> SVGElement {
        SVGElement("g", [("class", cls)] + extra, children: children)
    }

    func write(into out: inout String, indent: Int) {
        out += String(repeating: "  ", count: indent) + "<" + name
        for (k, v) in attributes { out += " " + k + "=\"" + XMLEscape.attribute(v) + "\"" }
        if children.isEmpty, text == nil {
            out += "/>\n"
            return
        }
        out += ">"
        if let text { out += XMLEscape.text(text) }
        if !children.isEmpty {
            out += "\n"
            for c in children { c.write(into: &out, indent: indent + 1) }
            out += String(repeating: "  ", count: indent)
        }
        out += "</" + name + ">\n"
    }
}

/// A whole SVG document of a fixed size in pixels.
public struct SVGDocument: Sendable {
    public var width: Double
    public var height: Double
    public var elements: [SVGElement] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    public mutating func add(_ e: SVGElement) { elements.append(e) }
    public mutating func add(_ es: [SVGElement]) { elements += es }

    /// The document as text: XML declaration, then `<svg>` with a white background.
    public func render() -> String {
        let root = SVGElement("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGNumber.format(width)),
                                      ("height", SVGNumber.format(height)),
                                      ("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))"),
                                      ("font-family", "Helvetica, Arial, sans-serif")],
                              children: [SVGElement("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")])]
                                  + elements)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        root.write(into: &out, indent: 0)
        return out
    }
}

/// Coordinates in a fixed, locale-free format: two decimals, trailing zeros dropped, never "-0".
public enum SVGNumber {
    public static func format(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        var s = String(format: "%.2f", v)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }
}

/// Builds the `d` attribute of a path.
public struct PathData: Sendable {
    public private(set) var d = ""
    public init() {}
    public var isEmpty: Bool { d.isEmpty }
    public mutating func move(_ x: Double, _ y: Double) { append("M", x, y) }
    public mutating func line(_ x: Double, _ y: Double) { append("L", x, y) }
    mutating func append(_ op: String, _ x: Double, _ y: Double) {
        if !d.isEmpty { d += " " }
        d += op + SVGNumber.format(x) + "," + SVGNumber.format(y)
    }
}
