import PaneModels

/// The reducer's part for the lecture keys and results (`c`, `g`, `x`, background lecture results), kept
/// apart from `Reducer` so the lecture features stay in one place. Pure, like the rest of the reducer.
enum LectureReducer {
    static func apply(_ action: Action, to state: inout AppState) -> [Effect] {
        switch action {
        case .toggleCaption:
            state.showCaption.toggle()
            state.message = "caption " + (state.showCaption ? "on" : "off")
            return []
        case .toggleStacking:
            state.jacobianStacking = state.jacobianStacking == .column ? .row : .column
            state.message = "Jacobian: \(state.jacobianStacking.rawValue) stacking (\(state.jacobianStacking.formula))"
            return []
        case .gradcheck:
            // `g` opens the overlay and asks for a fresh table; pressed again it closes.
            if state.gradcheck != nil {
                state.gradcheck = nil
                return []
            }
            guard state.model != nil else {
                state.message = "no model yet: nothing to check"
                return []
            }
            state.gradcheck = .computing
            return [.startJob(.gradcheck)]
        default:
            return []
        }
    }

    static func apply(_ update: LectureUpdate, to state: inout AppState) {
        switch update {
        case .cost(let c):
            state.lecture.cost = c
            state.lecture.failure = nil
        case .ntk(let r):
            state.lecture.ntk = r
            state.lecture.failure = nil
        case .failed(let why):
            state.lecture.failure = why
        }
    }
}
