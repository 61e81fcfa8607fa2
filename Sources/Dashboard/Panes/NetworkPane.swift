import Foundation
import PaneModels
import TerminalUI

/// Layers, widths, activations and weight norms, with a compact diagram (one dot per unit).
public enum NetworkPane {
    public static func title(_ m: NetworkViewModel?) -> String {
        guard let m else { return "Network" }
        return "Network · \(m.layers.count) layers · P=\(Fmt.count(m.parameterCount))"
    }

    public static func render(_ m: NetworkViewModel?, selectedHidden: Int, selectedUnit: Int = 0, into buffer: inout Buffer,
                              area: Rect, focused: Bool, context ctx: inout RenderContext) {
        let inner = ctx.frame(&buffer, area, title: title(m), focused: focused)
        guard let m, !inner.isEmpty else { return }
        // The picture of the composition when there is room for it; the table otherwise.
        if let p = m.pictures, p.values.count == m.layers.count + 1,
           let lay = NetworkPicturePane.layout(widths: (0..<p.values.count).map(p.width), inner: inner,
                                               planar: p.inputDimension == 2), inner.width >= 40, inner.height >= 9 {
            NetworkPicturePane.render(m, p, layout: lay, selectedLayer: selectedHidden, selectedUnit: selectedUnit,
                                      into: &buffer, inner: inner, context: &ctx)
            return
        }
        let theme = ctx.theme
        var row = inner.y
        func line(_ marker: Bool, _ name: String, _ width: Int, _ detail: String, _ style: Style) {
            guard row < inner.maxY else { return }
            var x = inner.x
            if marker { buffer.set(x, row, theme.glyphs.arrow, theme.focusedTitle) }
            x += 2
            x += buffer.write(pad(name, 4) + pad("\(width)", 4) + detail, x: x, y: row, style: style, clip: inner)
            x += 1
            let room = inner.maxX - x
            if room >= 3 {
                let overflow = width > room
                let dots = overflow ? max(0, room - 5) : width
                for i in 0..<dots { buffer.set(x + i, row, theme.glyphs.point, Style(fg: theme.fit)) }
                if overflow {
                    buffer.write("+\(width - dots)", x: x + dots, y: row, style: theme.dim, clip: inner)
                }
            }
            row += 1
        }
        line(false, "in", m.inputSize, pad("", 20), theme.dim)
        let hidden = m.layers.count - 1
        for (i, layer) in m.layers.enumerated() {
            let name = i < hidden ? "h\(i + 1)" : "out"
            let detail = pad(layer.activation, 11) + "‖W‖ " + pad(Fmt.num(layer.weightNorm), 5)
            let selected = i < hidden && i == selectedHidden
            line(selected, name, layer.width, theme.ascii ? detail.replacingOccurrences(of: "‖", with: "|") : detail,
                 selected ? theme.title : theme.text)
        }
    }

    static func pad(_ s: String, _ n: Int) -> String {
        let c = s.unicodeScalars.count
        return c >= n ? s + " " : s + String(repeating: " ", count: n - c)
    }
}
