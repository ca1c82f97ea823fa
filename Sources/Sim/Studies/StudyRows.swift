/// The result of a refinement study that measures one row per refinement: the rows, and
/// the ``ConvergenceStudy`` fitted to one of their columns. Printed as one line per row
/// (the row's own description), then the fit.
public struct StudyRows<Row: Sendable & CustomStringConvertible>: Sendable, CustomStringConvertible {
    public var rows: [Row]
    /// The observed order of the study's error column.
    public var study: ConvergenceStudy

    public var description: String {
        rows.map(\.description).joined(separator: "\n") + "\n\(study)"
    }
}
