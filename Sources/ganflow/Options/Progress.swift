import Foundation

/// Progress lines on standard error, so that standard output stays the result (a table, a
/// JSON object) and can be piped.
struct Progress: Sendable {
    var enabled = true

    func line(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
