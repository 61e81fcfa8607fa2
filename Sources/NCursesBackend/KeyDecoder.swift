import CNCurses
import TerminalUI

/// Turns what `wget_wch` returned into a `Key` (pure, so it is tested without a terminal).
enum KeyDecoder {
    /// `code` is the wide character or key code; `isKeyCode` is true when wget_wch said KEY_CODE_YES.
    static func decode(_ code: UInt32, isKeyCode: Bool) -> Key? {
        if isKeyCode {
            let c = Int32(bitPattern: code)
            switch c {
            case nnviz_key_up(): return .up
            case nnviz_key_down(): return .down
            case nnviz_key_left(): return .left
            case nnviz_key_right(): return .right
            case nnviz_key_home(): return .home
            case nnviz_key_end(): return .end
            case nnviz_key_ppage(): return .pageUp
            case nnviz_key_npage(): return .pageDown
            case nnviz_key_btab(): return .backTab
            case nnviz_key_backspace(): return .backspace
            case nnviz_key_enter(): return .enter
            default:
                let f = c - nnviz_key_f0()
                return f >= 1 && f <= 24 ? .function(Int(f)) : nil
            }
        }
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return Unicode.Scalar(code + 96).map(Key.ctrl)
        case 0, 28...31: return nil
        default: return Unicode.Scalar(code).map(Key.char)
        }
    }
}
