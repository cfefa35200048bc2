import Foundation

/// Paths written into a generated file, relative to that file's folder, so the file works
/// wherever the repository is checked out.
public enum RelativePath {
    /// The path of `target` relative to the directory `directory` (both made absolute from the
    /// working directory), e.g. "../../data".
    public static func from(directory: String, to target: String) -> String {
        let a = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        let b = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        var common = 0
        while common < min(a.count, b.count), a[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: a.count - common) + b[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
