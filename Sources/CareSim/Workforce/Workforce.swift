import CareSimEngine
import DequeModule

/// Case-holding posts, the cases each holds, and the waiting list for allocation.
///
/// A case goes to a filled post with room, chosen at random (as cases land with whoever is on
/// duty, so caseloads spread as they do in practice rather than being levelled); after 20
/// full posts in a row it goes to the post with the fewest cases (posts are kept in buckets by
/// caseload, so that is O(1)). When every post is full the case waits, first come first
/// served, and is allocated as soon as a place frees. A worker who leaves hands their
/// cases to others (each a change of worker for the child), or back to the head of the waiting
/// list; the post is covered by agency staff at once or stays vacant for a while.
///
/// Cases are identified by the caller's ids (children in the pathway model): the workforce knows
/// nothing else about them.
final class Workforce {
    struct Post {
        var team: Int
        var fte: Double
        var limit: Int
        var filled: Bool
        var agency: Bool
    }

    var posts: [Post] = []
    /// The cases each post holds, and each case's post and place in that list (-1: none).
    var held: [[Int32]] = []
    var postOf: [Int32] = []
    var placeOf: [Int32] = []
    /// Changes of worker per case (a reallocation after a worker left).
    var changes: [Int32] = []
    /// byLoad[team][k]: the team's filled posts holding k cases, below their limit; slot[p] is
    /// p's index there.
    var byLoad: [[[Int]]] = []
    var slot: [Int] = []
    var lowest: [Int] = []
    /// Each team's waiting list, and each case's team (-1: none).
    var waitingByTeam: [Deque<(id: Int32, since: Double)>] = []
    var teamOf: [Int32] = []
    /// The posts of each team.
    var teamPosts: [[Int]] = []
    let maxLimit: Int

    /// Cases waiting for a worker, in every team.
    var waitingCount: Int { waitingByTeam.reduce(0) { $0 + $1.count } }

    /// The stream allocation draws from.
    let random: RandomStream

    init(_ p: WorkforceParameters, scale: Double, random: RandomStream) {
        self.random = random
        for (t, team) in p.teams.enumerated() {
            let n = max(1, Int((Double(team.posts) * scale).rounded()))
            for _ in 0..<n {
                posts.append(Post(team: t, fte: team.fte, limit: team.caseloadLimit, filled: true, agency: false))
            }
        }
        maxLimit = posts.map(\.limit).max() ?? 0
        held = Array(repeating: [], count: posts.count)
        byLoad = Array(repeating: Array(repeating: [], count: maxLimit + 1), count: p.teams.count)
        lowest = Array(repeating: 0, count: p.teams.count)
        waitingByTeam = Array(repeating: Deque(), count: p.teams.count)
        teamPosts = Array(repeating: [], count: p.teams.count)
        for (i, post) in posts.enumerated() { teamPosts[post.team].append(i) }
        slot = Array(repeating: -1, count: posts.count)
        for i in posts.indices { insert(i) }
    }

    // MARK: Buckets

    private func insert(_ p: Int) {
        let load = held[p].count
        let t = posts[p].team
        guard posts[p].filled, load < posts[p].limit else { return }
        slot[p] = byLoad[t][load].count
        byLoad[t][load].append(p)
        if load < lowest[t] { lowest[t] = load }
    }

    private func remove(_ p: Int) {
        let i = slot[p]
        guard i >= 0 else { return }
        let load = held[p].count
        let t = posts[p].team
        let last = byLoad[t][load].removeLast()
        if last != p {
            byLoad[t][load][i] = last
            slot[last] = i
        }
        slot[p] = -1
    }

    /// A filled post with room: a random one if one of 20 random tries has room, otherwise the
    /// one with the fewest cases; nil when every post is full.
    private func roomy(_ t: Int) -> Int? {
        let mine = teamPosts[t]
        guard !mine.isEmpty else { return nil }
        for _ in 0..<20 {
            let p = mine[random.integer(below: mine.count)]
            if slot[p] >= 0 { return p }
        }
        return roomiest(t)
    }

    /// The team's filled post with the fewest cases, if any has room.
    private func roomiest(_ t: Int) -> Int? {
        while lowest[t] < byLoad[t].count, byLoad[t][lowest[t]].isEmpty { lowest[t] += 1 }
        return lowest[t] < byLoad[t].count ? byLoad[t][lowest[t]].last : nil
    }

    // MARK: Cases

    private func ensure(_ id: Int32) {
        let need = Int(id) + 1
        if postOf.count < need {
            let grow = max(need, postOf.count * 2)
            postOf += Array(repeating: -1, count: grow - postOf.count)
            placeOf += Array(repeating: -1, count: grow - placeOf.count)
            teamOf += Array(repeating: -1, count: grow - teamOf.count)
            changes += Array(repeating: 0, count: grow - changes.count)
        }
    }

    /// A new case (the count of worker changes starts at 0).
    func open(_ id: Int32) {
        ensure(id)
        postOf[Int(id)] = -1
        changes[Int(id)] = 0
    }

    func hasWorker(_ id: Int32) -> Bool { Int(id) < postOf.count && postOf[Int(id)] >= 0 }

    private func give(_ id: Int32, to p: Int) {
        remove(p)
        postOf[Int(id)] = Int32(p)
        placeOf[Int(id)] = Int32(held[p].count)
        held[p].append(id)
        insert(p)
    }

    /// Allocates the case to a post of `team` with room (true); otherwise it joins the team's
    /// waiting list.
    func allocate(_ id: Int32, team: Int = 0, at now: Double) -> Bool {
        ensure(id)
        teamOf[Int(id)] = Int32(team)
        if let p = roomy(team) {
            give(id, to: p)
            return true
        }
        waitingByTeam[team].append((id, now))
        return false
    }

    /// The case closes: its worker's place frees (or it leaves the waiting list). Returns the
    /// waiting cases allocated to the freed place, with how long they waited.
    func close(_ id: Int32, at now: Double) -> [(id: Int32, waited: Double)] {
        guard Int(id) < postOf.count else { return [] }
        let p = Int(postOf[Int(id)])
        let t = Int(teamOf[Int(id)])
        teamOf[Int(id)] = -1
        if p < 0 {
            if t >= 0, let i = waitingByTeam[t].firstIndex(where: { $0.id == id }) { waitingByTeam[t].remove(at: i) }
            return []
        }
        remove(p)
        let i = Int(placeOf[Int(id)])
        let moved = held[p].removeLast()
        if moved != id {
            held[p][i] = moved
            placeOf[Int(moved)] = Int32(i)
        }
        postOf[Int(id)] = -1
        insert(p)
        return serveWaiting(team: posts[p].team, at: now)
    }

    /// Allocates the team's waiting cases while its posts have room.
    func serveWaiting(team t: Int, at now: Double) -> [(id: Int32, waited: Double)] {
        var served: [(id: Int32, waited: Double)] = []
        while let first = waitingByTeam[t].first, let p = roomiest(t) {
            waitingByTeam[t].removeFirst()
            give(first.id, to: p)
            served.append((first.id, now - first.since))
        }
        return served
    }

    // MARK: Turnover

    /// Sets a post's state at the start: covered by agency staff, vacant, or filled
    /// permanently (before any case is allocated).
    func setInitial(_ p: Int, agency: Bool, vacant: Bool) {
        remove(p)
        posts[p].filled = !vacant
        posts[p].agency = agency && !vacant
        insert(p)
    }

    /// The worker in post `p` leaves: their cases go to others with room (a change of worker
    /// each) or to the head of the waiting list. The post is then vacant (`agency`: covered at
    /// once by an agency worker instead). Returns cases allocated from the waiting list.
    func leave(_ p: Int, agency: Bool, at now: Double) -> [(id: Int32, waited: Double)] {
        let cases = held[p]
        remove(p)
        held[p] = []
        posts[p].filled = agency
        posts[p].agency = agency
        if agency { insert(p) }
        var homeless: [(id: Int32, since: Double)] = []
        for id in cases {
            postOf[Int(id)] = -1
            changes[Int(id)] += 1
            if !agency, let q = roomy(posts[p].team) {
                give(id, to: q)
            } else if agency {
                give(id, to: p)  // the agency worker takes the caseload over
            } else {
                homeless.append((id, now))
            }
        }
        for h in homeless.reversed() { waitingByTeam[posts[p].team].prepend(h) }
        return serveWaiting(team: posts[p].team, at: now)
    }

    /// A vacant post is filled (or an agency worker is replaced by a permanent one, a change of
    /// worker for each of their cases).
    func fill(_ p: Int, at now: Double) -> [(id: Int32, waited: Double)] {
        if posts[p].filled {
            posts[p].agency = false
            for id in held[p] { changes[Int(id)] += 1 }
            return []
        }
        posts[p].filled = true
        posts[p].agency = false
        insert(p)
        return serveWaiting(team: posts[p].team, at: now)
    }

    // MARK: Measures

    /// Caseload per FTE of every filled post in each team.
    func caseloads(team: Int) -> [Double] {
        posts.indices.filter { posts[$0].team == team && posts[$0].filled }.map { Double(held[$0].count) / posts[$0].fte }
    }

    var filledFTE: Double { posts.filter(\.filled).reduce(0) { $0 + $1.fte } }
    var agencyFTE: Double { posts.filter { $0.filled && $0.agency }.reduce(0) { $0 + $1.fte } }
    var vacantPosts: Int { posts.filter { !$0.filled }.count }
    var casesHeld: Int { held.reduce(0) { $0 + $1.count } }
}
