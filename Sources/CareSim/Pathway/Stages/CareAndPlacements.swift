import CareSimEngine
import Foundation

// Care: the legal and exit routes, the episode's length, placements and their breakdowns.
extension PathwayReplication {
    /// A care episode starts: legal route, exit route (by age), its time, the first placement and
    /// the placement moves.
    func enterCare(_ id: Int32, _ now: Double, countsFlow: Bool = true) {
        if isUnborn(id, now) {
            awaitBirth(id, now)
            return
        }
        let unaccompanied = children[Int(id)].unaccompanied
        if !unaccompanied, takesCareEntry(id, now) { return }
        let wasServed = children[Int(id)].served
        entering(.care, id, now)
        if wasServed != 0 { observe(.careEnteredServed(wasServed: wasServed), id, now) }
        countCohortCareEntry(id, now)
        let age = age(id, at: now)
        let careRoute = rng(.careRoute, id)
        let route = samplers.exitRoute(atAge: age, year: careYear(at: now)).draw(careRoute)
        let legal = samplers.legalRoute.draw(careRoute)
        observe(.careEntered(age: age, legal: legal), id, now)
        children[Int(id)].legalRoute = UInt8(legal)
        let toEighteen = (hot[Int(id)].born + p.leaveAtYears * 365.25) - now
        let exit = unaccompanied ? .age18 : CareExit.allCases[route]
        let days = exit == .age18 ? toEighteen + 1 : scaled(samplers.exitDays[route].sample(rng(.careDuration, id)), at: .careLength, id, now) * p.careTimeFactor(atAge: age)
        beginCare(id, now, route: exit, remaining: days, elapsed: 0, placement: nil, countsFlow: countsFlow)
    }

    /// Puts the child in care with `remaining` days to its exit by `route`; `placement` nil
    /// draws one for its age. Shared by care entry and the warm start.
    func beginCare(_ id: Int32, _ now: Double, route: CareExit, remaining: Double, elapsed: Double, placement type: PlacementType?,
                   countsFlow: Bool = true) {
        children[Int(id)].exitRoute = route
        children[Int(id)].careEnds = now + remaining
        children[Int(id)].careEntered = now - elapsed
        children[Int(id)].careEpisodes &+= 1
        children[Int(id)].finalPhase = false
        let placement = rng(.placement, id)
        children[Int(id)].moveRate = placement.gamma(shape: p.placementFrailtyShape, scale: 1 / p.placementFrailtyShape)
        enter(id, .care, at: now, endsAfter: remaining, countsFlow: countsFlow)
        entered(.care, id, now)
        var final = 0.0
        let careDuration = rng(.careDuration, id)
        if route == .adoption {
            final = samplers.placedForAdoptionDays.sample(careDuration)
        } else if route == .returnedHome, careDuration.bernoulli(p.withParentsShare) {
            final = samplers.withParentsDays.sample(careDuration)
        }
        let token = hot[Int(id)].token
        if final > 0, final >= remaining {
            children[Int(id)].finalPhase = true
            newPlacement(id, route == .adoption ? .placedForAdoption : .withParents, at: now, initial: elapsed > 0)
            return
        }
        newPlacement(id, type ?? samplers.placement(atAge: age(id, at: now)).drawType(placement), at: now,
                     initial: elapsed > 0)
        if final > 0 {
            sim.schedule(Event(time: now + remaining - final, kind: Kind.finalPhase.rawValue, entity: id, tag: token))
        }
        scheduleMove(id, now)
    }

    func scheduleMove(_ id: Int32, _ now: Double) {
        let c = children[Int(id)]
        let h = hot[Int(id)]
        // The child's frailty times the multipliers for the placement's type and the child's age.
        let age = age(id, at: now)
        let ageFactor = PathwayParameters.factor(of: p.placementMoveByAge, atAge: age)
        let placement = rng(.placement, id)
        let rate = scaled(c.moveRate * (p.placementMoveByType[h.placement] ?? 1) * ageFactor, at: .placementBreakdown, id, now)
        if h.placement == .hubBed {
            // A hub bed is a stay of its own length, then a step down.
            let t = now + practice!.hubStayDays!.sample(placement)
            if t < c.careEnds { sim.schedule(Event(time: t, kind: Kind.placementMove.rawValue, entity: id, tag: h.token)) }
            return
        }
        guard rate > 0 else { return }
        // Time from the start of this placement to its breakdown: Weibull with that mean.
        let mean = p.placementMoveMeanDays / rate
        let shape = p.placementMoveShape
        let t = now + placement.weibull(shape: shape, scale: mean / tgamma(1 + 1 / shape))
        if t < c.careEnds { sim.schedule(Event(time: t, kind: Kind.placementMove.rawValue, entity: id, tag: h.token)) }
    }

    func placementMoves(_ id: Int32, _ now: Double) {
        guard !children[Int(id)].finalPhase else { return }
        let fromHub = hot[Int(id)].placement == .hubBed
        let type = fromHub ? afterHubBed(id) : samplers.placement(atAge: age(id, at: now)).drawType(rng(.placement, id))
        newPlacement(id, type, at: now, allowHub: !fromHub)
        scheduleMove(id, now)
    }

    /// Counts a new placement in the stability year (a child starting care mid-year begins at 1).
    func newPlacement(_ id: Int32, _ chosen: PlacementType, at now: Double, initial: Bool = false, allowHub: Bool = true) {
        let type = placement(chosen, id, now, allowHub: allowHub && !initial && !children[Int(id)].unaccompanied)
        if type == .residential, !initial { observe(.residentialPlacement, id, now) }
        hot[Int(id)].placement = type
        children[Int(id)].placements &+= 1
        if children[Int(id)].placementYear == stabilityYear, !initial {
            children[Int(id)].placementsInYear += 1
        } else {
            children[Int(id)].placementYear = stabilityYear
            children[Int(id)].placementsInYear = 1
        }
        if children[Int(id)].placementsYearIndex == placementYearIndex, !initial {
            children[Int(id)].placementsThisYear += 1
        } else {
            children[Int(id)].placementsYearIndex = placementYearIndex
            children[Int(id)].placementsThisYear = 1
        }
        costs?.placed(id, type, at: now, initial: initial)
    }

    /// The final phase of a care episode starts: placed for adoption, or placed with parents
    /// before going home (no more placement moves).
    func finalPhaseStarts(_ id: Int32, _ now: Double) {
        newPlacement(id, children[Int(id)].exitRoute == .adoption ? .placedForAdoption : .withParents, at: now)
        children[Int(id)].finalPhase = true
    }

    func leaveCare(_ id: Int32, _ now: Double, route: CareExit) {
        if now <= measureTo { countCareDays(id, until: now) }  // later leavers were counted at the year's end
        costs?.leftCare(id, at: now)
        freeHubBed(id)
        observe(.careCeased(route), id, now)
        // One flow per move: going home is the move to returned_home (counted by enter);
        // every other ending leaves the system, and the move is to that exit.
        if route != .returnedHome { flows.count(.state(.care), .ceased(route), at: now) }
        switch route {
        case .returnedHome:
            goHome(id, now)
        default:
            endEpisode(id, now)
            release(id, .ceased(route))
        }
    }
}
