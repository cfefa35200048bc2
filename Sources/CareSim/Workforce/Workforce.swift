import CareSimEngine
import DequeModule

/// Case-holding posts, the cases each holds, and the waiting lists for allocation.
///
/// A case goes to a filled post of its team with room, chosen at random (as cases land with
/// whoever is on duty, so caseloads spread as they do in practice rather than being levelled);
/// after 20 full posts in a row it goes to the team's post with the fewest cases. When every
/// post is full the case waits, first come first served, and is allocated as soon as a place
/// frees. A worker who leaves hands their cases to colleagues (each a change of worker for the
/// child), or back to the head of the waiting list; the post is covered by agency staff at once
/// or stays vacant for a while.
///
/// Cases are identified by the caller's ids (children in the pathway model): the workforce knows
/// nothing else about them. Every case operation runs on each allocation and closure, so the
/// state lives in flat buffers behind a pointer: arrays in a class pay uniqueness and dynamic
/// exclusivity checks on every access (a fifth of the England baseline's run time in perf).
final class Workforce {
    struct Post {
        var team: Int
        var fte: Double
        var limit: Int
        /// Covered by agency staff (whether a post is filled is `State.filled`).
        var agency: Bool
        /// A unit (shared caseload): its case-holding members (its FTE, rounded) and how many
        /// of them are vacant; 0 members for an individual post.
        var members: Int = 0
        var vacantMembers: Int = 0
    }

    /// Per-case and per-post values, in manually grown buffers.
    struct State {
        /// Cases held: post p's are held[p * width ..< p * width + count[p]].
        var held: UnsafeMutablePointer<Int32>
        var count: UnsafeMutablePointer<Int32>
        var filled: UnsafeMutablePointer<Bool>
        var limit: UnsafeMutablePointer<Int32>
        /// Each post's team, and how many of each team's posts have room (filled, below their
        /// limit): a full team's allocation needs no scan of its posts.
        var teamOfPost: UnsafeMutablePointer<Int32>
        var roomy: UnsafeMutablePointer<Int32>
        /// Each team's cases waiting (its list's entries less those cancelled), and the ticket
        /// the next case to join a list gets.
        var waiting: UnsafeMutablePointer<Int32>
        var nextTicket: UInt32
        /// Per case, one 16-byte record (a case's allocation touches one cache line, not four).
        var cases: UnsafeMutablePointer<Case>
        var caseCapacity: Int
    }

    /// A case's post (-1: none), its team (-1: none), its changes of worker, and its ticket in
    /// its team's waiting list (0: not waiting; an entry whose ticket is not its case's is
    /// skipped, so a case leaves the list without a scan of it). Where the case
    /// sits in its post's row is not kept: a closure finds it in the row, which it reads anyway,
    /// rather than writing the place of the case moved into the gap (a cache miss on a random
    /// case at every closure).
    struct Case {
        var post: Int32
        var team: Int32
        var changes: Int32
        var ticket: UInt32
        static let none = Case(post: -1, team: -1, changes: 0, ticket: 0)
    }

    private(set) var posts: [Post] = []
    /// Each team's posts are the range teamStart[t] ..< teamStart[t + 1].
    private let teamStart: [Int]
    let width: Int
    let state: UnsafeMutablePointer<State>
    /// Each team's waiting list, first come first served, with cancelled entries left in place
    /// (see `Case.ticket`).
    private var waitingByTeam: [Deque<(id: Int32, since: Double, ticket: UInt32)>] = []
    /// The stream allocating case `id` draws from (the case's own, for common random numbers).
    let random: (Int32) -> RandomStream
    /// Told of every change of a post's state, for staff costs (nil: not measured).
    var ledger: StaffLedger?

    init(_ p: WorkforceParameters, scale: Double, random: @escaping (Int32) -> RandomStream) {
        self.random = random
        var starts: [Int] = []
        for (t, team) in p.teams.enumerated() {
            starts.append(posts.count)
            let n = max(1, Int((Double(team.posts) * scale).rounded()))
            let members = team.allocation == .unit ? max(1, Int(team.fte.rounded())) : 0
            for _ in 0..<n {
                posts.append(Post(team: t, fte: team.fte, limit: team.caseloadLimit, agency: false, members: members))
            }
        }
        starts.append(posts.count)
        teamStart = starts
        width = max(1, posts.map(\.limit).max() ?? 1)
        let n = posts.count
        let held = UnsafeMutablePointer<Int32>.allocate(capacity: n * width)
        let count = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        count.initialize(repeating: 0, count: n)
        let filled = UnsafeMutablePointer<Bool>.allocate(capacity: n)
        filled.initialize(repeating: true, count: n)
        let limit = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        for (i, post) in posts.enumerated() { (limit + i).initialize(to: Int32(post.limit)) }
        let teamOfPost = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        for (i, post) in posts.enumerated() { (teamOfPost + i).initialize(to: Int32(post.team)) }
        let teams = p.teams.count
        let roomy = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, teams))
        roomy.initialize(repeating: 0, count: max(1, teams))
        for post in posts where post.limit > 0 { roomy[post.team] += 1 }
        let waiting = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, teams))
        waiting.initialize(repeating: 0, count: max(1, teams))
        let initial = 1024
        let cases = UnsafeMutablePointer<Case>.allocate(capacity: initial)
        cases.initialize(repeating: .none, count: initial)
        state = .allocate(capacity: 1)
        state.initialize(to: State(held: held, count: count, filled: filled, limit: limit, teamOfPost: teamOfPost, roomy: roomy,
                                   waiting: waiting, nextTicket: 1, cases: cases, caseCapacity: initial))
        waitingByTeam = Array(repeating: Deque(), count: p.teams.count)
    }

    deinit {
        let s = state.pointee
        for b in [s.held, s.count, s.limit, s.teamOfPost, s.roomy, s.waiting] { b.deallocate() }
        s.cases.deallocate()
        s.filled.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    // MARK: Reading

    /// Cases waiting for a worker, in every team.
    var waitingCount: Int { (0..<waitingByTeam.count).reduce(0) { $0 + Int(state.pointee.waiting[$1]) } }
    /// Team t's waiting cases, first come first served.
    func waitingList(team t: Int) -> [(id: Int32, since: Double)] {
        waitingByTeam[t].filter { state.pointee.cases[Int($0.id)].ticket == $0.ticket }.map { ($0.id, $0.since) }
    }
    /// Whether the kept counts agree with a count from scratch: each team's posts with room and
    /// cases waiting (for tests).
    var countsAgree: Bool {
        (0..<waitingByTeam.count).allSatisfy { t in
            Int(state.pointee.roomy[t]) == teamPosts(t).filter(hasRoom).count
                && Int(state.pointee.waiting[t]) == waitingList(team: t).count
        }
    }
    /// The posts of team t.
    func teamPosts(_ t: Int) -> Range<Int> { teamStart[t]..<teamStart[t + 1] }
    /// The cases post p holds.
    func cases(of p: Int) -> [Int32] { Array(UnsafeBufferPointer(start: state.pointee.held + p * width, count: Int(state.pointee.count[p]))) }
    func load(_ p: Int) -> Int { Int(state.pointee.count[p]) }
    func postOf(_ id: Int32) -> Int { Int(id) < state.pointee.caseCapacity ? Int(state.pointee.cases[Int(id)].post) : -1 }
    func teamOf(_ id: Int32) -> Int { Int(id) < state.pointee.caseCapacity ? Int(state.pointee.cases[Int(id)].team) : -1 }
    func changes(_ id: Int32) -> Int { Int(id) < state.pointee.caseCapacity ? Int(state.pointee.cases[Int(id)].changes) : 0 }
    func hasWorker(_ id: Int32) -> Bool { postOf(id) >= 0 }

    /// Starts loading case `id`'s record into the cache (a hint for the event that comes next).
    @inline(__always)
    func prefetchCase(_ id: Int32) {
        if Int(id) < state.pointee.caseCapacity { prefetch(UnsafeRawPointer(state.pointee.cases + Int(id))) }
    }
    /// Starts loading what closing case `id` would touch besides its own record: its post's
    /// row of cases, first and last line (called as the case's event starts, once its record,
    /// prefetched by `prefetchCase`, is in the cache).
    @inline(__always)
    func prefetchClose(_ id: Int32) {
        let s = state.pointee
        guard Int(id) < s.caseCapacity else { return }
        let p = Int(s.cases[Int(id)].post)
        guard p >= 0 else { return }
        let last = Int(s.count[p]) - 1
        guard last >= 0 else { return }
        prefetch(UnsafeRawPointer(s.held + p * width))
        prefetch(UnsafeRawPointer(s.held + p * width + last))
    }
    func isFilled(_ p: Int) -> Bool { state.pointee.filled[p] }
    func isAgency(_ p: Int) -> Bool { posts[p].agency }

    /// Caseload per FTE of every filled post in team t.
    func caseloads(team t: Int) -> [Double] {
        teamPosts(t).filter { isFilled($0) }.map { Double(load($0)) / posts[$0].fte }
    }

    var filledFTE: Double { posts.indices.filter { isFilled($0) }.reduce(0) { $0 + posts[$1].fte } }
    var agencyFTE: Double { posts.indices.filter { isFilled($0) && posts[$0].agency }.reduce(0) { $0 + posts[$1].fte } }
    var vacantPosts: Int { posts.indices.filter { !isFilled($0) || posts[$0].vacantMembers > 0 }.count }
    var casesHeld: Int { posts.indices.reduce(0) { $0 + load($1) } }

    // MARK: Room

    @inline(__always)
    private func hasRoom(_ p: Int) -> Bool { state.pointee.filled[p] && state.pointee.count[p] < state.pointee.limit[p] }

    /// Changes post p's cases, filled state or limit by `change`, keeping its team's count of
    /// posts with room.
    @inline(__always)
    private func changing(_ p: Int, _ change: (UnsafeMutablePointer<State>) -> Void) {
        let before = hasRoom(p)
        change(state)
        roomChanged(p, from: before)
    }

    /// Post p had room (`before`) and may not now, or the other way: its team's count follows.
    /// (The allocation and closure paths call it directly: a closure there is not inlined.)
    @inline(__always)
    private func roomChanged(_ p: Int, from before: Bool) {
        let after = hasRoom(p)
        if before != after { state.pointee.roomy[Int(state.pointee.teamOfPost[p])] += after ? 1 : -1 }
    }

    /// A filled post of team t with room: a random one if one of 20 random tries has room,
    /// otherwise the one with the fewest cases; nil when every post is full.
    private func roomy(_ t: Int, for id: Int32) -> Int? {
        let start = teamStart[t], n = teamStart[t + 1] - start
        guard n > 0 else { return nil }
        let random = self.random(id)
        for _ in 0..<20 {
            let p = start + random.integer(below: n)
            if hasRoom(p) { return p }
        }
        return roomiest(t)
    }

    /// The team's filled post with the fewest cases, if any has room (a scan: only needed when
    /// random tries keep finding full posts).
    private func roomiest(_ t: Int) -> Int? {
        guard state.pointee.roomy[t] > 0 else { return nil }
        var best = -1
        for p in teamPosts(t) where hasRoom(p) {
            if best < 0 || state.pointee.count[p] < state.pointee.count[best] { best = p }
        }
        return best >= 0 ? best : nil
    }

    // MARK: Cases

    private func ensure(_ id: Int32) {
        let need = Int(id) + 1
        guard state.pointee.caseCapacity < need else { return }
        let old = state.pointee.caseCapacity
        let new = max(need, old * 2)
        let g = UnsafeMutablePointer<Case>.allocate(capacity: new)
        g.moveInitialize(from: state.pointee.cases, count: old)
        (g + old).initialize(repeating: .none, count: new - old)
        state.pointee.cases.deallocate()
        state.pointee.cases = g
        state.pointee.caseCapacity = new
    }

    /// A new case (the count of worker changes starts at 0).
    func open(_ id: Int32) {
        ensure(id)
        leaveWaiting(id)
        state.pointee.cases[Int(id)].post = -1
        state.pointee.cases[Int(id)].changes = 0
    }

    private func give(_ id: Int32, to p: Int) {
        let s = state
        let before = hasRoom(p)
        let k = Int(s.pointee.count[p])
        s.pointee.held[p * width + k] = id
        s.pointee.count[p] = Int32(k + 1)
        s.pointee.cases[Int(id)].post = Int32(p)
        roomChanged(p, from: before)
    }

    /// Case `id` joins the end (or, `first`, the head) of team t's waiting list.
    private func wait(_ id: Int32, team t: Int, since: Double, first: Bool = false) {
        leaveWaiting(id)
        let ticket = state.pointee.nextTicket
        state.pointee.nextTicket &+= 1
        if state.pointee.nextTicket == 0 { state.pointee.nextTicket = 1 }
        state.pointee.cases[Int(id)].ticket = ticket
        state.pointee.waiting[t] += 1
        if first { waitingByTeam[t].prepend((id, since, ticket)) } else { waitingByTeam[t].append((id, since, ticket)) }
    }

    /// Case `id` leaves its team's waiting list, if on it (its entry is skipped when it comes up).
    private func leaveWaiting(_ id: Int32) {
        let c = state.pointee.cases[Int(id)]
        guard c.ticket != 0 else { return }
        state.pointee.cases[Int(id)].ticket = 0
        if c.team >= 0 { state.pointee.waiting[Int(c.team)] -= 1 }
    }

    /// Team t's first waiting case (dropping cancelled entries on the way), left on the list.
    private func firstWaiting(_ t: Int) -> (id: Int32, since: Double, ticket: UInt32)? {
        while let f = waitingByTeam[t].first {
            if state.pointee.cases[Int(f.id)].ticket == f.ticket { return f }
            waitingByTeam[t].removeFirst()
        }
        return nil
    }

    /// Allocates the case to a post of `team` with room (true); otherwise it joins the team's
    /// waiting list.
    func allocate(_ id: Int32, team: Int = 0, at now: Double) -> Bool {
        ensure(id)
        state.pointee.cases[Int(id)].team = Int32(team)
        if let p = roomy(team, for: id) {
            give(id, to: p)
            return true
        }
        wait(id, team: team, since: now)
        return false
    }

    /// The case closes: its worker's place frees (or it leaves the waiting list). Returns the
    /// waiting cases allocated to the freed place, with how long they waited.
    func close(_ id: Int32, at now: Double) -> [(id: Int32, waited: Double)] {
        guard Int(id) < state.pointee.caseCapacity else { return [] }
        let s = state
        let p = Int(s.pointee.cases[Int(id)].post)
        leaveWaiting(id)
        s.pointee.cases[Int(id)].team = -1
        if p < 0 { return [] }
        // Swap-remove: the post's last case takes the closing case's place in the row.
        let before = hasRoom(p)
        let row = s.pointee.held + p * width
        let last = Int(s.pointee.count[p]) - 1
        var i = last
        while row[i] != id { i -= 1 }
        row[i] = row[last]
        s.pointee.count[p] = Int32(last)
        s.pointee.cases[Int(id)].post = -1
        roomChanged(p, from: before)
        return serveWaiting(team: Int(s.pointee.teamOfPost[p]), into: p, at: now)
    }

    /// Allocates the team's waiting cases to post `p` (which has just had room made) while it
    /// has room, then to the team's other posts while they do.
    func serveWaiting(team t: Int, into p: Int, at now: Double) -> [(id: Int32, waited: Double)] {
        guard state.pointee.waiting[t] > 0 else { return [] }
        var served: [(id: Int32, waited: Double)] = []
        while let first = firstWaiting(t) {
            guard let q = hasRoom(p) ? p : roomiest(t) else { break }
            waitingByTeam[t].removeFirst()
            leaveWaiting(first.id)
            give(first.id, to: q)
            served.append((first.id, now - first.since))
        }
        return served
    }

    // MARK: Turnover

    /// Sets a post's state at the start: covered by agency staff, vacant, or filled
    /// permanently (before any case is allocated).
    func setInitial(_ p: Int, agency: Bool, vacant: Bool) {
        ledger?.willChange(self, p, at: 0)
        defer { ledger?.didChange(self, p, at: 0) }
        posts[p].agency = agency && !vacant
        if posts[p].members > 0 {
            // A unit carries on with a member vacant, holding fewer cases.
            if vacant { memberLeaves(p) }
            return
        }
        changing(p) { $0.pointee.filled[p] = !vacant }
    }

    /// A unit loses a member: its caseload limit falls in proportion until the post is filled.
    private func memberLeaves(_ p: Int) {
        posts[p].vacantMembers = min(posts[p].members, posts[p].vacantMembers + 1)
        let present = Double(posts[p].members - posts[p].vacantMembers) / Double(posts[p].members)
        changing(p) { $0.pointee.limit[p] = Int32((Double(posts[p].limit) * present).rounded()) }
    }

    /// The worker in post `p` leaves: their cases go to colleagues with room (a change of worker
    /// each) or to the head of the waiting list. The post is then vacant (`agency`: covered at
    /// once by an agency worker, who takes the caseload over). Returns cases allocated from the
    /// waiting list.
    func leave(_ p: Int, agency: Bool, at now: Double) -> [(id: Int32, waited: Double)] {
        ledger?.willChange(self, p, at: now)
        defer { ledger?.didChange(self, p, at: now) }
        if posts[p].members > 0 {
            // The unit holds the case: no child changes worker; an agency member keeps the
            // unit's capacity, a vacancy lowers it.
            posts[p].agency = agency
            if !agency { memberLeaves(p) }
            return []
        }
        let theirs = cases(of: p)
        posts[p].agency = agency
        changing(p) { $0.pointee.filled[p] = agency }
        for id in theirs { state.pointee.cases[Int(id)].changes += 1 }
        if agency { return serveWaiting(team: posts[p].team, into: p, at: now) }
        changing(p) { $0.pointee.count[p] = 0 }
        var homeless: [Int32] = []
        for id in theirs {
            state.pointee.cases[Int(id)].post = -1
            if let q = roomy(posts[p].team, for: id) { give(id, to: q) } else { homeless.append(id) }
        }
        for id in homeless.reversed() { wait(id, team: posts[p].team, since: now, first: true) }
        return []
    }

    /// A vacant post is filled (or an agency worker is replaced by a permanent one, a change of
    /// worker for each of their cases).
    func fill(_ p: Int, at now: Double) -> [(id: Int32, waited: Double)] {
        ledger?.willChange(self, p, at: now)
        defer { ledger?.didChange(self, p, at: now) }
        if posts[p].members > 0 {
            posts[p].agency = false
            guard posts[p].vacantMembers > 0 else { return [] }
            posts[p].vacantMembers -= 1
            let present = Double(posts[p].members - posts[p].vacantMembers) / Double(posts[p].members)
            changing(p) { $0.pointee.limit[p] = Int32((Double(posts[p].limit) * present).rounded()) }
            return serveWaiting(team: posts[p].team, into: p, at: now)
        }
        if isFilled(p) {
            posts[p].agency = false
            for id in cases(of: p) { state.pointee.cases[Int(id)].changes += 1 }
            return []
        }
        posts[p].agency = false
        changing(p) { $0.pointee.filled[p] = true }
        return serveWaiting(team: posts[p].team, into: p, at: now)
    }
}
