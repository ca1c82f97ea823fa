import Foundation

/// The output directory of a report (`verify --out DIR`), written all or nothing.
///
/// Files go into a hidden sibling `.DIR.partial-PID` first; only when every file is
/// written is it renamed to DIR (with `force`, an existing DIR is moved aside, the new one
/// renamed in, and the old one removed). A failed write or a killed run therefore leaves
/// DIR as it was — absent, or the previous report — and never blocks a rerun.
struct ReportDirectory {
    let url: URL
    private let staging: URL
    private let force: Bool

    /// Checks up front (before minutes of work) that DIR can be made: an existing DIR needs
    /// `force` and must be a directory; the parent must exist and be writable.
    init(path: String, force: Bool) throws {
        url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        self.force = force
        let parent = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) {
            guard force else {
                throw OutputError("\(OutputFile.quoted(path)) already exists; pass --force to replace it")
            }
            guard isDir.boolValue else { throw OutputError("\(OutputFile.quoted(path)) exists and is not a directory") }
        }
        guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
            throw OutputError("cannot write \(OutputFile.quoted(path)): directory \(OutputFile.quoted(parent.path)) does not exist")
        }
        guard access(parent.path, W_OK) == 0 else {
            throw OutputError("cannot write \(OutputFile.quoted(path)): directory \(OutputFile.quoted(parent.path)) is not writable")
        }
        staging = parent.appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
    }

    /// Writes every file into the staging directory, then publishes it as DIR.
    func writeAll(_ files: [(name: String, text: String)]) throws {
        let fm = FileManager.default
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for f in files {
                guard fm.createFile(atPath: staging.appendingPathComponent(f.name).path, contents: Data(f.text.utf8)) else {
                    throw OutputError("cannot write \(f.name) into \(OutputFile.quoted(url.path)): \(OutputFile.reasonForCreate(at: staging.appendingPathComponent(f.name).path))")
                }
            }
            try publish()
        } catch {
            try? fm.removeItem(at: staging)
            if error is OutputError { throw error }
            throw OutputError("cannot write \(OutputFile.quoted(url.path)): \(error.localizedDescription)")
        }
    }

    private func publish() throws {
        let fm = FileManager.default
        var old: URL? = nil
        if fm.fileExists(atPath: url.path) {
            guard force else { throw OutputError("\(OutputFile.quoted(url.path)) appeared while the report was computed; pass --force to replace it") }
            let aside = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
            try? fm.removeItem(at: aside)
            guard rename(url.path, aside.path) == 0 else {
                throw OutputError("cannot replace \(OutputFile.quoted(url.path)): \(String(cString: strerror(errno)))")
            }
            old = aside
        }
        guard rename(staging.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if let o = old { _ = rename(o.path, url.path) }
            throw OutputError("cannot write \(OutputFile.quoted(url.path)): \(reason)")
        }
        if let o = old { try? fm.removeItem(at: o) }
    }
}
