import CGSL

/// Asks the processor to start loading the memory at `pointer` into its cache, for writing.
/// A hint only: it changes no value and never faults. A model calls it with the state of the
/// entity whose event comes next (`Simulator.upcomingEntity`), so that entity's record is on
/// its way while the current event runs.
@inlinable @inline(__always)
public func prefetch(_ pointer: UnsafeRawPointer) {
    caresim_prefetch(pointer)
}
