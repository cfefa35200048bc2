import CareSimEngine
import Foundation

// A family is referred: the children, their ages and factors, and the front door's decision.
extension PathwayReplication {
    func familyRate(at t: Double) -> Double {
        let trend = pow(1 + p.trendPerYear, t / 365.25)
        let season = 1 + p.seasonalAmplitude * cos(2 * Double.pi * (t - p.seasonalPeakDay) / 365.25)
        return baseFamilyRate * trend * season * yearFactors.factor(at: t)
    }

    /// Non-homogeneous Poisson arrivals by thinning: candidates at the maximum rate, each kept
    /// with probability rate(t) / maximum.
    func scheduleNextFamily(after now: Double) {
        var t = now
        while true {
            t += arrivals.exponential(mean: 1 / maxFamilyRate)
            if t > horizon { return }
            if arrivals.uniform() * maxFamilyRate <= familyRate(at: t) { break }
        }
        sim.schedule(Event(time: t, kind: Kind.familyArrival.rawValue))
    }

    func familyArrives(_ now: Double) {
        scheduleNextFamily(after: now)
        // A year demand projects below the fitted rate keeps each family with its factor.
        if let d = demandFactors {
            let f = d.factor(at: now)
            if f < 1, demandArrivals!.uniform() >= f { return }
        }
        referFamily(now)
    }

    /// The families a demand projection adds in years above the fitted rate: thinning at the
    /// excess rate (familyRate x (factor - 1)) on demand's own stream.
    func scheduleNextDemandFamily(after now: Double) {
        guard maxDemandFamilyRate > 0, let d = demandFactors, let random = demandArrivals else { return }
        var t = now
        while true {
            t += random.exponential(mean: 1 / maxDemandFamilyRate)
            if t > horizon { return }
            if random.uniform() * maxDemandFamilyRate <= familyRate(at: t) * max(0, d.factor(at: t) - 1) { break }
        }
        sim.schedule(Event(time: t, kind: Kind.demandFamilyArrival.rawValue))
    }

    func demandFamilyArrives(_ now: Double) {
        scheduleNextDemandFamily(after: now)
        referFamily(now)
    }

    /// A family is referred now: its children, their ages and factors, the front door's decision.
    func referFamily(_ now: Double) {
        let familyNumber = familiesReferred
        familiesReferred += 1
        let family = keyed.family
        family.rekey(familyNumber, counter: 0)
        let size = samplers.siblingGroup.draw(family) + 1
        var firstAge = samplers.referralAge.sample(family)
        if let u = p.unborn, family.bernoulli(u.share) {
            // Referred before birth: born this many days after the referral (a negative age).
            firstAge = -samplers.daysBeforeBirth(family) / 365.25
        }
        var factors: UInt32 = 0
        for (i, f) in p.factors.enumerated() where family.bernoulli(f.probability) { factors |= 1 << UInt32(i) }
        let door = frontDoor(samplers.frontDoor.draw(family), family)
        let after = AfterAssessment.allCases[samplers.afterAssessment(atAge: firstAge).draw(family)]
        let previousPlan = family.bernoulli(samplers.previousPlanProbability)
        var first: Int32 = 0
        for k in 0..<size {
            var age = firstAge
            if k > 0 {
                // Around the first child's age, redrawn until it is an age below 18.
                for _ in 0..<100 {
                    let a = firstAge + family.gaussian(sd: p.siblingAgeSpreadYears)
                    if a >= 0, a < p.leaveAtYears {
                        age = a
                        break
                    }
                }
            }
            let id = create(born: now - age * 365.25, at: now, key: ChildDraws.referred(family: familyNumber, sibling: k))
            children[Int(id)].factors = factors
            children[Int(id)].cpPlans = previousPlan ? 1 : 0
            if k > 0 {
                // Siblings share their parents: the family's draws are the first child's.
                children[Int(id)].familyDraw = children[Int(first)].familyDraw
                children[Int(id)].familyLead = false
            } else {
                first = id
            }
            flows.count(.newReferral, .state(.referral), at: now)
            refer(id, now, door: door, after: after, fresh: true)
        }
    }

    /// The front-door outcome drawn (`drawn`, an index into `FrontDoorOutcome.drawn`); no
    /// further action becomes "after an assessment" with `front_door.nfa_after_assessment`'s
    /// probability (drawn only when that share is above 0, so other scenarios' draws are unchanged).
    func frontDoor(_ drawn: Int, _ stream: RandomStream) -> FrontDoorOutcome {
        let outcome = FrontDoorOutcome.drawn[drawn]
        return outcome == .noFurtherAction && p.nfaAfterAssessment > 0 && stream.bernoulli(p.nfaAfterAssessment)
            ? .noFurtherActionAfterAssessment : outcome
    }

    /// A referral: counted, then the front-door decision after its (short) time.
    func refer(_ id: Int32, _ now: Double, door: FrontDoorOutcome, after: AfterAssessment, fresh: Bool = false) {
        let previous = children[Int(id)].referredAt
        observe(.referred(door, previous: previous), id, now)
        children[Int(id)].previousReferral = previous
        children[Int(id)].referredAt = now
        children[Int(id)].referrals &+= 1
        countCohortEvent(id, now, .referral)
        children[Int(id)].frontDoor = door
        children[Int(id)].afterAssessment = after
        if door == .inNeed { children[Int(id)].episodeStart = now }
        enter(id, .referral, at: now, endsAfter: samplers.frontDoorDays.sample(rng(.frontDoor, id)), countsFlow: !fresh)
    }

    /// The front-door time ends: no further action closes the case; otherwise an assessment
    /// opens (it needs a worker, then a slot).
    func frontDoorActs(_ id: Int32, _ now: Double) {
        if children[Int(id)].frontDoor == .noFurtherAction {
            close(id, now, endsEpisode: false)
        } else {
            enter(id, .assessment, at: now, endsAfter: nil)
            let allocated = needsWorker(id, now)  // first: an intervention may take a team's cases
            entering(.assessment, id, now)
            if allocated { queueForSlot(id, now) }
        }
    }
}
