import CareSimEngine
import Foundation

// Police and NHS events of families with parental risk factors, and missing episodes (WiderEffects).
extension PathwayReplication {
    /// Adds the exposure since the last monthly sample (`days` ago) to the wider events' counts.
    /// After the measured year, only costs (costs.years) still take the police and NHS exposure.
    func sampleWider(_ now: Double, days: Double) {
        guard let w = p.practice.wider, now > measureFrom, let s = practice else { return }
        let inYear = now <= measureTo + 1e-9
        guard inYear || costs != nil else { return }
        let years = days / 365.25
        // Each event's factors as one mask, the children's own (Child.factors) bits; nil: no such event.
        func mask(_ f: [Int]) -> UInt32 { f.reduce(0) { $0 | 1 << UInt32($1) } }
        let policeMask = w.police.map { mask($0.factors) }, admissionsMask = w.admissions.map { mask($0.factors) }
        let missing = inYear ? w.missing : nil
        var police = 0.0, admissions = 0.0
        defer {
            if inYear {
                m.practice.wider.policeExposureYears += police
                m.practice.wider.admissionsExposureYears += admissions
            }
            costs?.widerExposure(at: now, days: days, police: police, admissions: admissions)
        }
        // Every open child, each field read in place (a child's record is not copied).
        for i in hot.indices where hot[i].live {
            let h = hot[i]
            if children[i].familyLead, children[i].inEpisode, h.state != .closed {
                let changed = children[i].changeAt <= now, factors = children[i].factors
                if let pm = policeMask, factors & pm != 0 { police += years * (changed ? s.policeAfterChange : 1) }
                if let am = admissionsMask, factors & am != 0 { admissions += years * (changed ? s.admissionsAfterChange : 1) }
            }
            if let mi = missing, h.state == .care {
                let age = age(Int32(i), at: now)
                guard age >= mi.minAge, age < mi.maxAge else { continue }
                var rate = h.placement == .residential || h.placement == .hubBed ? mi.residentialPerYear : mi.otherPerYear
                if let nwd = p.practice.noWrongDoor, s.started, age >= nwd.outreach.minAge, age < nwd.outreach.maxAge { rate *= s.keyWorkerMissing }
                m.practice.wider.missingExposure += rate * years
            }
        }
    }

    /// The year's wider events, drawn from their exposure.
    func drawWider() {
        guard let w = p.practice.wider else { return }
        if let e = w.police { m.practice.wider.policeCallouts = practiceStream.poisson(mean: e.perFamilyYear * m.practice.wider.policeExposureYears) }
        if let e = w.admissions { m.practice.wider.adultAdmissions = practiceStream.poisson(mean: e.perFamilyYear * m.practice.wider.admissionsExposureYears) }
        if w.missing != nil { m.practice.wider.missingEpisodes = practiceStream.poisson(mean: m.practice.wider.missingExposure) }
    }
}
