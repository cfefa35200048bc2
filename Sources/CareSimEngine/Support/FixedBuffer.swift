/// Fixed-size storage for the hot tables of a replication: unlike an array, reading or
/// writing an element costs no reference counting or uniqueness check. The owning class
/// frees it in its deinit with `release()`.
extension UnsafeMutableBufferPointer {
    static func copying(_ values: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let base = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(1, values.count))
        base.initialize(from: values, count: values.count)
        return UnsafeMutableBufferPointer(start: base, count: values.count)
    }

    func release() {
        guard let base = baseAddress else { return }
        base.deinitialize(count: count)
        base.deallocate()
    }
}
