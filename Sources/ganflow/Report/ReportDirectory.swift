import Foundation

/// The output directory of a report (`--out DIR`): refuses to clobber an existing
/// directory unless `force`, and writes every file atomically (a temporary file in the same
/// directory, then a rename), so a reader never sees half a file.
struct ReportDirectory {
    let url: URL

    /// Creates DIR (and its parents). An existing DIR is an error without `force`; with it,
    /// files of the same names are replaced and other files are left alone.
    init(path: String, force: Bool) throws {
        url = URL(fileURLWithPath: path, isDirectory: true)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) {
            guard force else {
                throw ReportError("\(path) already exists; pass --force to write into it")
            }
            guard isDir.boolValue else { throw ReportError("\(path) exists and is not a directory") }
        } else {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
    }

    /// Writes `text` to DIR/name through a temporary file and an atomic rename.
    func write(_ name: String, _ text: String) throws {
        let final = url.appendingPathComponent(name)
        let temp = url.appendingPathComponent(".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(text.utf8).write(to: temp)
            if rename(temp.path, final.path) != 0 {
                throw ReportError("cannot rename \(temp.path) to \(final.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }
}

struct ReportError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
