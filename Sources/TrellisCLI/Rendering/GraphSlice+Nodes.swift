import TrellisCore

extension GraphSlice {
    /// Each drawn module's position in `modules`, keyed by what an edge end holds (its folder):
    /// the one place a drawing turns an edge end into its node (`n<position>` in the SVG and the
    /// page's data).
    func nodePositions() -> [String: Int] {
        Dictionary(modules.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
