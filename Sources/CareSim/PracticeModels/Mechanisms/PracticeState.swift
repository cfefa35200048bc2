import CareSimEngine

/// One replication's practice models: their effect sizes (each drawn once from its
/// distribution, on the replication's own stream), the places their services have, and how many
/// are taken.
final class PracticeState {
    /// Practice models act from this day (the start of the measured year: it is their first).
    let startsAt: Double
    var started = false

    let elasticity: Double
    // Reclaiming Social Work units.
    var isUnitTeam: [Bool]
    let coordinatorCut: Double
    let clinicianRate: Double
    var clinicianPlaces = 0
    // Family Safeguarding.
    var isFSTeam: [Bool]
    let engagement, planIfEngaged, change, riskAfterChange, reunification, recordingMultiplier: Double
    var specialistPlaces: [Int] = []
    var specialistBusy: [Int] = []
    // No Wrong Door.
    let outreachRate: Double
    var outreachPlaces = 0
    var hubBeds = 0, hubBusy = 0
    let stepToFamily, keyWorkerMoves, keyWorkerMissing: Double
    // Edge-of-care places taken: [RSW clinicians, NWD outreach].
    var edgeBusy = [0, 0]
    // Wider effects.
    let policeAfterChange, admissionsAfterChange: Double
    // Samplers of the models' durations.
    let changeDays, fsWorkDays, clinicianWorkDays, outreachWorkDays, hubStayDays: Sampler?

    init(_ m: PracticeModels, teams: Int, startsAt: Double, scale: Double, random: RandomStream, central: Bool = false) {
        self.startsAt = startsAt
        // Each effect from the stream restarted at its own name, so a scenario with more or
        // fewer models draws the same value for the effects it shares (common random numbers).
        func draw(_ d: Distribution?, _ name: String) -> Double {
            guard let d else { return 1 }
            if central { return d.mean }
            random.rekey(StreamSeed.fnv1a(name), counter: 0)
            return (try? Sampler(d))?.sample(random) ?? 1
        }
        func places(_ n: Int) -> Int { n == 0 ? 0 : max(1, Int((Double(n) * scale).rounded())) }
        elasticity = m.directWork.map { draw($0.elasticity, "direct_work.elasticity") } ?? 0
        isUnitTeam = Array(repeating: false, count: teams)
        isFSTeam = isUnitTeam
        let rsw = m.rswUnits
        for t in rsw?.teams ?? [] { isUnitTeam[t] = true }
        coordinatorCut = rsw.map { draw($0.coordinatorRecordingCut, "rsw.coordinator_recording_cut") } ?? 0
        clinicianRate = rsw.map { draw($0.clinician.resolvePerHour, "rsw.clinician_resolve_per_hour") } ?? 0
        clinicianPlaces = places(rsw?.clinician.places ?? 0)
        let fs = m.familySafeguarding
        for t in fs?.teams ?? [] { isFSTeam[t] = true }
        engagement = fs.map { draw($0.engagement, "fs.engagement") } ?? 0
        planIfEngaged = fs.map { draw($0.planIfEngaged, "fs.plan_if_engaged") } ?? 1
        change = fs.map { draw($0.change, "fs.change") } ?? 0
        riskAfterChange = fs.map { draw($0.riskAfterChange, "fs.risk_after_change") } ?? 1
        reunification = fs.map { draw($0.reunification, "fs.reunification") } ?? 0
        recordingMultiplier = fs.map { draw($0.recordingMultiplier, "fs.recording_multiplier") } ?? 1
        specialistPlaces = fs?.specialists.map { places($0.posts) * $0.casesEach } ?? []
        specialistBusy = specialistPlaces.map { _ in 0 }
        let nwd = m.noWrongDoor
        outreachRate = nwd.map { draw($0.outreach.resolvePerHour, "nwd.outreach_resolve_per_hour") } ?? 0
        outreachPlaces = places(nwd?.outreach.places ?? 0)
        hubBeds = places(nwd?.hubBeds ?? 0)
        stepToFamily = nwd.map { draw($0.stepToFamily, "nwd.step_to_family") } ?? 0
        keyWorkerMoves = nwd.map { draw($0.keyWorkerMoves, "nwd.key_worker_moves") } ?? 1
        keyWorkerMissing = nwd.map { draw($0.keyWorkerMissing, "nwd.key_worker_missing") } ?? 1
        policeAfterChange = m.wider?.police.map { draw($0.afterChange, "wider.police_after_change") } ?? 1
        admissionsAfterChange = m.wider?.admissions.map { draw($0.afterChange, "wider.admissions_after_change") } ?? 1
        func sampler(_ d: Distribution?) -> Sampler? { d.flatMap { try? Sampler($0) } }
        changeDays = sampler(fs?.changeDays)
        fsWorkDays = sampler(fs?.workDays)
        clinicianWorkDays = sampler(rsw?.clinician.workDays)
        outreachWorkDays = sampler(nwd?.outreach.workDays)
        hubStayDays = sampler(nwd?.stayDays)
    }

    /// The effect sizes drawn for this replication, by metric name.
    func effects(_ m: PracticeModels) -> [(String, Double)] {
        var out: [(String, Double)] = []
        if m.directWork != nil { out.append(("direct_work.elasticity", elasticity)) }
        if m.rswUnits != nil {
            out += [("rsw.coordinator_recording_cut", coordinatorCut), ("rsw.clinician_resolve_per_hour", clinicianRate)]
        }
        if m.familySafeguarding != nil {
            out += [("fs.engagement", engagement), ("fs.plan_if_engaged", planIfEngaged), ("fs.change", change), ("fs.risk_after_change", riskAfterChange),
                    ("fs.reunification", reunification), ("fs.recording_multiplier", recordingMultiplier)]
        }
        if m.noWrongDoor != nil {
            out += [("nwd.outreach_resolve_per_hour", outreachRate), ("nwd.step_to_family", stepToFamily),
                    ("nwd.key_worker_moves", keyWorkerMoves), ("nwd.key_worker_missing", keyWorkerMissing)]
        }
        if m.wider?.police != nil { out.append(("wider.police_after_change", policeAfterChange)) }
        if m.wider?.admissions != nil { out.append(("wider.admissions_after_change", admissionsAfterChange)) }
        return out
    }
}
