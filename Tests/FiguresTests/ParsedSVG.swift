import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document parsed with Foundation's XMLParser (an independent reader of what our writer wrote):
/// every element (in the order they close) with its attributes, text and the classes of its ancestors.
struct ParsedSVG {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        /// Classes of this element and of every enclosing element.
        var classes: Set<String>
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var elements: [Element] = []

    init(_ text: String) throws {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw ParseError(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        elements = delegate.done
    }

    /// Elements that carry `cls` themselves or inside a group with it.
    func within(_ cls: String) -> [Element] { elements.filter { $0.classes.contains(cls) } }

    func named(_ name: String, within cls: String) -> [Element] { within(cls).filter { $0.name == name } }

    func classed(_ cls: String) -> [Element] {
        elements.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(cls)) }
    }

    final class Delegate: NSObject, XMLParserDelegate {
        var stack: [Element] = []
        var done: [Element] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            var classes = stack.last?.classes ?? []
            for c in (attributes["class"] ?? "").split(separator: " ") { classes.insert(String(c)) }
            stack.append(Element(name: name, attributes: attributes, classes: classes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if let e = stack.popLast() { done.append(e) }
        }
    }
}
