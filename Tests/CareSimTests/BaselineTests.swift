import CareSimEngine
import Foundation
import Testing
@testable import CareSim

/// `caresim baseline`'s library: an LA scenario extending England's, from the LA's 2014-15
/// rows, with suppressed cells falling back and reported, and the LA's own targets.
@Suite("LA baselines")
struct BaselineTests {
    static let data = TestSupport.root.appendingPathComponent("data").path
    static let base = TestSupport.scenario("england-2014-15.yaml")
    static let englandTargets = TestSupport.root.appendingPathComponent("calibration/england-2014-15.csv").path

    static func request(_ la: String, in dir: URL) -> Baseline.Request {
        var r = Baseline.Request(authority: la, out: dir.appendingPathComponent("la.yaml").path)
        r.base = base
        r.data = data
        r.englandTargets = englandTargets
        r.targets = dir.appendingPathComponent("la.csv").path
        // The derivation alone: these tests compare its values with the data (the fit has its own).
        r.fit = false
        return r
    }

    /// The census row of an LA, by code.
    static func census(_ code: String, _ column: String) throws -> DataValue {
        let t = try DataTable(file: data + "/dfe/cin-census/2014-15/SFR41-2015_Underlying_data.csv")
        let row = try #require(try t.rows(where: "new_la_code", equals: code).first)
        return try t.value(row: row, column: column)
    }

    /// Builds, writes and loads an LA's baseline; returns the scenario, its text, the output and the targets.
    static func build(_ la: String) throws -> (Scenario, String, Baseline.Output, [CalibrationTarget]) {
        let dir = TestSupport.temporaryDirectory()
        let r = request(la, in: dir)
        let out = try Baseline.build(r)
        try Baseline.write(out, r)
        let scenario = try Scenario.load(file: r.out)
        let text = try String(contentsOfFile: r.out, encoding: .utf8)
        return (scenario, text, out, try CalibrationTargets.load(file: r.targets!))
    }

    @Test("small, middle-sized and large LAs decode and validate, and their fields match the data",
          arguments: [("Rutland", "E06000017"), ("North Yorkshire", "E10000023"), ("E10000016", "E10000016")])
    func fieldsMatchTheData(la: String, code: String) throws {
        let (s, text, out, targets) = try Self.build(la)
        let p = try #require(s.pathway)
        #expect(out.authority.code == code)
        #expect(text.contains("\nextends: "))
        #expect(p.scale == 1)
        #expect(p.initial?.area == code, "the warm start reads the LA's own stocks")
        let population = try #require(try Self.census(code, "Mid2014Pop017").number)
        let referrals = try #require(try Self.census(code, "Referrals1415").number)
        #expect(text.contains("child_population: \(Int(population))   # CIN15 Mid2014Pop017"))
        if let nfa = try Self.census(code, "%ReferralsNFA1415").number {
            #expect(abs(p.noFurtherAction - nfa / 100) < 1e-6)
        } else {
            #expect(p.noFurtherAction == 0.138, "England's NFA share when the LA's is suppressed")
        }
        if let anin = try Self.census(code, "%ReferralsANotInNeed1415").number { #expect(abs(p.assessedNotInNeed - anin / 100) < 1e-6) }
        let conference = try #require(try Self.census(code, "ICPCin1415").number) / (try #require(try Self.census(code, "S471415").number))
        #expect(abs(p.conferenceShare - conference) < 0.05, "conference share near the LA's (shrunk towards England's by 20 enquiries)")
        // Posts scaled by the share of England's referrals, with Poisson headroom.
        let posts = try #require(p.workforce?.teams.first?.posts)
        #expect(posts == LocalParameters.scaledCapacity(24_600, share: referrals / 635_600))
        // The new-referral rate: England's fitted rate scaled by the LA's referrals per 10,000 children.
        let ratio = (referrals / population) / (635_600 / 11_591_700)
        #expect(p.freshReferralsPerYear / population * 10_000 > 369.23 * ratio * 0.8)
        #expect(p.freshReferralsPerYear / population * 10_000 < 369.23 * ratio * 1.25)
        // The run-in year (2013-14) at the LA's own referrals that year relative to 2014-15's.
        let t14 = try DataTable(file: Self.data + "/dfe/cin-census/2013-14/SFR43-2014.csv")
        let row14 = try #require(try t14.rows(where: "new_la_code", equals: code).first)
        let before = try #require(try t14.value(row: row14, column: "Referrals1314").number)
        let factor = try #require(p.referralYearFactors[2014])
        #expect(abs(factor - min(2, max(0.5, before / referrals))) < 1e-4 && p.referralYearFactors.count == 1)
        // Targets: the LA's own figures.
        #expect(targets.first { $0.metric == "referrals" }?.value == referrals)
        #expect(targets.count + out.skippedTargets.count == 50)
        for t in targets where t.kind == .relative {
            #expect(t.tolerance >= LocalTargets.noiseMultiplier / t.value.squareRoot() - 1e-4, "\(t.metric): tolerance widened for small counts")
        }
    }

    /// A CLA table's CLA_UASC for an LA (nil: suppressed).
    static func unaccompanied(_ file: String, _ code: String) throws -> Double? {
        let t = try DataTable(file: data + "/dfe/looked-after/" + file)
        let row = try #require(try t.rows(where: "New_geog_code", equals: code).first)
        return try t.value(row: row, column: "CLA_UASC").number
    }

    @Test("unaccompanied children: the arrivals written give back the LA's published stocks at 31 March 2014 and 2015; none where 2015's is 0 or suppressed")
    func unaccompaniedFromStocks() throws {
        // Stays uniform on (0, 3) years: the share still looked after 0-1, 1-2 and 2-3 years on.
        for (k, w) in [5.0 / 6, 0.5, 1.0 / 6, 0].enumerated() { #expect(abs(LocalUnaccompanied.remaining(k, longest: 3) - w) < 1e-12) }
        for (la, code) in [("Kent", "E10000016"), ("Croydon", "E09000008")] {
            let (s, text, _, _) = try Self.build(la)
            let u = try #require(s.pathway?.unaccompanied)
            #expect(u.age == .uniform(min: 15, max: 18))
            #expect(text.contains("CLA_UASC"))
            let s13 = try #require(try Self.unaccompanied("2013/SFR36_CLA2013.csv", code))
            let s14 = try #require(try Self.unaccompanied("2014/SFR36_CLA2014.csv", code))
            let s15 = try #require(try Self.unaccompanied("2015/SFR34_CLA2015.csv", code))
            let r15 = u.perYear, r14 = r15 * (u.yearFactors[2014] ?? 1), r13 = s13 / 1.5
            // The written values are rounded (0.1 a year, the factor to 4 places).
            #expect(abs(5.0 / 6 * r14 + (0.5 + 1.0 / 6) * r13 - s14) < 0.2, "\(la): 2014's stock from the arrivals written")
            #expect(abs(5.0 / 6 * r15 + 0.5 * r14 + 1.0 / 6 * r13 - s15) < 0.2, "\(la): 2015's stock from the arrivals written")
        }
        #expect(try Self.unaccompanied("2015/SFR34_CLA2015.csv", "E06000017") == 0, "Rutland looked after none")
        #expect(try Self.build("Rutland").0.pathway?.unaccompanied == nil)
        #expect(try Self.unaccompanied("2015/SFR34_CLA2015.csv", "E10000023") == nil, "North Yorkshire's 2015 cell is suppressed")
        let (northYorkshire, text, _, _) = try Self.build("North Yorkshire")
        #expect(northYorkshire.pathway?.unaccompanied == nil)
        #expect(text.contains("care.unaccompanied: CLA15 CLA_UASC suppressed (x) for this LA: no unaccompanied children arrive"))
    }

    @Test func suppressedCellsAreReported() throws {
        // Rutland's %ReferralsNFA1415 is suppressed (x) in the 2014-15 census.
        #expect(try Self.census("E06000017", "%ReferralsNFA1415") == .suppressed)
        let (s, text, out, targets) = try Self.build("rutland")
        #expect(out.notes.contains { $0.field == "front_door.outcome.no_further_action" && $0.text.hasPrefix("CIN15 %ReferralsNFA1415 suppressed (x) for this LA: England value used") })
        #expect(text.contains("#   front_door.outcome.no_further_action: CIN15 %ReferralsNFA1415 suppressed (x) for this LA: England value used"))
        #expect(s.pathway?.noFurtherAction == 0.138)
        #expect(!targets.contains { $0.metric == "referral_nfa_share" }, "a suppressed figure is not a target")
        #expect(out.skippedTargets.contains { $0.field == "referral_nfa_share" && $0.text.contains("suppressed (x)") })
        #expect(!out.warmStartSuppressed.isEmpty, "Rutland's 2013 stocks have suppressed cells, reported")
        #expect(text.contains("#   initial (warm start): "))
    }

    @Test func unknownAuthorityIsAnErrorNamingTheFileWithNearNames() throws {
        let dir = TestSupport.temporaryDirectory()
        do {
            _ = try Baseline.build(Self.request("Hertfordshir", in: dir))
            Issue.record("no error for an unknown LA")
        } catch {
            #expect(error.description.contains("SFR41-2015_Underlying_data.csv"), "\(error)")
            #expect(error.description.contains("'Hertfordshire'"), "\(error)")
        }
        do {
            _ = try Baseline.build(Self.request("Isles of Scilly", in: dir))
            Issue.record("no error for an LA missing from the looked-after tables")
        } catch {
            #expect(error.description.contains("SFR34_ADM2015.csv"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing written")
    }

    @Test func catalogueListsEveryAuthorityAndTheUnmatched() throws {
        let sources = try BaselineSources.load(dataDirectory: Self.data, year: 2015)
        let all = try sources.catalogue()
        #expect(all.count == 152)
        let scilly = try #require(all.first { $0.authority.code == "E06000053" })
        #expect(scilly.missingFrom.contains { $0.hasPrefix("ADM15") })
        let northants = try #require(all.first { $0.authority.code == "E10000021" })
        #expect(northants.missingFrom == ["ONS (child population, 2021 codes)"])
        #expect(all.first { $0.authority.code == "E10000015" }?.missingFrom.isEmpty == true)
        // Names as the looked-after tables spell them find the census's authority.
        #expect(try sources.localAuthority("Bedford").code == "E06000055")
        #expect(try sources.localAuthority("Kingston Upon Hull, City of").code == "E06000010")
        // Names as people say them: the first words of exactly one LA's name.
        #expect(try sources.localAuthority("Bristol") == LocalAuthority(code: "E06000023", name: "Bristol, City of"))
        #expect(try sources.localAuthority("kingston upon hull").code == "E06000010")
        // A name given whole still matches as itself, not as the beginning of another.
        #expect(try sources.localAuthority("Herefordshire").code == "E06000019")
        // Not a word's beginning, and not several LAs: errors that say which.
        do {
            _ = try sources.localAuthority("Kingston")
            Issue.record("no error for a name that begins two LAs' names")
        } catch {
            #expect(error.description.contains("'Kingston' begins the names of 2"), "\(error)")
            #expect(error.description.contains("'Kingston upon Thames'") && error.description.contains("'Kingston upon Hull, City of'"), "\(error)")
        }
        do {
            _ = try sources.localAuthority("Bris")
            Issue.record("no error for part of a word")
        } catch {
            #expect(error.description.contains("got 'Bris'") && error.description.contains("'Bristol, City of'"), "\(error)")
            #expect(!error.description.contains("  "), "names in the hint have their spacing collapsed: \(error)")
        }
        // ONS's 0-17 estimate (17 taken equal to 16) is close to the census's own column.
        let ons = try #require(sources.population.children(code: "E10000015", year: 2014))
        #expect(abs(ons - 261_700) / 261_700 < 0.02, "\(ons)")
        do {
            _ = try BaselineSources.load(dataDirectory: Self.data, year: 2011)
            Issue.record("no error for a year without data")
        } catch { #expect(error.description.contains("2012, 2013, 2014, 2015, got 2011"), "\(error)") }
        // 2012's tables load (for its targets), but data/ has no stocks to warm-start its scenario from.
        var r = Self.request("Hertfordshire", in: TestSupport.temporaryDirectory())
        r.year = 2012
        do {
            _ = try Baseline.build(r)
            Issue.record("no error for a 2012 scenario")
        } catch { #expect(error.description.contains("no scenario can be derived for the year ending 31 March 2012"), "\(error)") }
    }

    /// North Yorkshire's targets, figures and derived parameters (before the fit), for the fit-step tests.
    static func derivedNorthYorkshire() throws -> ([CalibrationTarget], LocalFigures, LocalParameters) {
        let (_, _, _, targets) = try Self.build("North Yorkshire")
        let sources = try BaselineSources.load(dataDirectory: Self.data, year: 2015)
        let figures = try LocalFigures(authority: try sources.localAuthority("North Yorkshire"), sources: sources)
        let england = try #require(try Scenario.load(file: Self.base).pathway)
        return (targets, figures, try LocalParameters.derive(figures, base: england, baseRatePer10000: 369.23, teamPosts: []))
    }

    /// England's first children referred before birth (`referrals.unborn`) are under 1, so an LA's
    /// share of them moves with its ages at referral under 1: derived from the LA's care entries
    /// by age, and moved by the fit with the bands under 1. Known answers: ratios of 1 leave the
    /// share; halving the under-1 ratio with bands of 0.1, 0.1, 0.2 and 0.6 (0.2 under 1) makes
    /// the unborn 0.05 against the rest's 0.9 x 0.9, so 0.05 / 0.86. Before, LAs kept England's
    /// 0.10 whatever their babies' care entries, and the fit drove their bands under 1 towards 0
    /// (Brent's to 0.00007) while still missing their entries under 1.
    @Test func unbornShareMovesWithTheAgesUnderOne() throws {
        let bands = [EmpiricalBands.Band(lower: 0, upper: 0.1, probability: 0.1), .init(lower: 0.1, upper: 1, probability: 0.1),
                     .init(lower: 1, upper: 5, probability: 0.2), .init(lower: 5, upper: 18, probability: 0.6)]
        #expect(abs(LocalParameters.unbornShare(0.1, bands, ratios: [1, 1, 1, 1], under1: 1) - 0.1) < 1e-12)
        #expect(abs(LocalParameters.unbornShare(0.1, bands, ratios: [0.5, 0.5, 1, 1], under1: 0.5) - 0.05 / 0.86) < 1e-12)
        #expect(LocalParameters.unbornShare(0.1, bands, ratios: [0, 0, 1, 1], under1: 0) == 0)

        // Derived: England's share with North Yorkshire's care entries by age.
        let (targets, _, start) = try Self.derivedNorthYorkshire()
        let derived = try #require(start.unbornShare).value
        #expect(derived > 0 && derived < 1)
        #expect(try #require(start.unbornShare).comment.contains("scaled with the bands under 1"))
        // The fit: entries under 1 twice the target move the share down with the bands under 1;
        // on target, nothing moves.
        let goals = Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0) })
        var simulated = Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0.value) })
        var p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(p.unbornShare?.value == derived)
        let under1 = try #require(goals["entry_age_under_1_share"]).value
        simulated["entry_age_under_1_share"] = 2 * under1
        LocalFit.step(&p, goals: goals, simulated: simulated)
        let moved = try #require(p.unbornShare).value
        #expect(moved < derived, "\(moved) against \(derived)")
        let bandsUnder1 = { (q: LocalParameters) in q.referralAge.value.filter { $0.lower < 1 }.reduce(0) { $0 + $1.probability } }
        #expect(bandsUnder1(p) < bandsUnder1(start))
    }

    /// The fit by simulation: each parameter moves by the ratio of target to simulated for its
    /// metric, in the right direction, only when the metric is further than the round's noise
    /// (a share or a stock: half its tolerance; a flow: twice its Poisson standard error, if nearer), and
    /// shares still sum to 1.
    @Test func fitMovesParametersTowardsTheirTargets() throws {
        let (targets, _, start) = try Self.derivedNorthYorkshire()
        let goals = Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0) })
        func value(_ m: String) throws -> Double { try #require(goals[m]).value }
        var simulated = Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0.value) })
        // Every metric on target: nothing moves.
        var p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(p.ratePer10000.value == start.ratePer10000.value && p.afterAssessment.value == start.afterAssessment.value
                && p.cinCloseDays.value == start.cinCloseDays.value && p.exitRoutes.value == start.exitRoutes.value)
        // A count within twice the standard error of the mean of 8 Poisson counts (√(count / 8)),
        // and a share within half its tolerance: still nothing.
        let referrals = try value("referrals")
        simulated["referrals"] = referrals + 1.9 * (referrals / 8).squareRoot()
        simulated["re_referral_share"] = try value("re_referral_share") + 0.4 * goals["re_referral_share"]!.allowedDifference
        p = start
        LocalFit.step(&p, goals: goals, simulated: simulated, replications: 8)
        #expect(p.ratePer10000.value == start.ratePer10000.value && p.reReferral.value == start.reReferral.value)
        // A count within half its tolerance but beyond that noise moves: a projection starts from
        // the fitted year's flows, and half a small LA's tolerance is 13% of its care entries.
        let near = referrals * (1 + 0.4 * goals["referrals"]!.tolerance)
        #expect(near - referrals > 2 * (near / 8).squareRoot())
        simulated["referrals"] = near
        p = start
        LocalFit.step(&p, goals: goals, simulated: simulated, replications: 8)
        #expect(abs(p.ratePer10000.value / start.ratePer10000.value - (referrals + 5) / (near + 5)) < 1e-9)
        // A stock at 31 March within half its tolerance is left, however far beyond its noise: a
        // projection starts from the published stocks, not the fitted ones.
        simulated["referrals"] = referrals
        let looked = try value("looked_after_open")
        let nearStock = looked * (1 + 0.4 * goals["looked_after_open"]!.tolerance)
        #expect(nearStock - looked > 2 * (nearStock / 8).squareRoot())
        simulated["looked_after_open"] = nearStock
        p = start
        LocalFit.step(&p, goals: goals, simulated: simulated, replications: 8)
        #expect(p.careLength.value == start.careLength.value)
        simulated["looked_after_open"] = looked
        simulated["referrals"] = near
        // From one replication the same difference is noise.
        #expect(near - referrals < 2 * near.squareRoot())
        p = start
        LocalFit.step(&p, goals: goals, simulated: simulated, replications: 1)
        #expect(p.ratePer10000.value == start.ratePer10000.value)
        simulated["re_referral_share"] = try value("re_referral_share")
        // Referrals 20% short: the rate rises by (target + 5) / (simulated + 5).
        simulated["referrals"] = referrals * 0.8
        // Care entries 30% over: the care shares fall, the others fill, each band sums to 1.
        simulated["looked_after_started"] = try value("looked_after_started") * 1.3
        // Too few long CIN episodes ended and too many short ones.
        simulated["cin_ended_under_3_months_share"] = try value("cin_ended_under_3_months_share") + 0.1
        simulated["cin_ended_over_2_years_share"] = try value("cin_ended_over_2_years_share") / 2
        // A ratio beyond 2 is held at 2.
        simulated["ceased_adoption_share"] = 0
        // Too many under-5s in care (the two bands 0.1 over together): their time in care shortens
        // by (target + 0.01) / (simulated + 0.01).
        let young = try value("looked_after_age_under_1_share") + value("looked_after_age_1_to_4_share")
        simulated["looked_after_age_1_to_4_share"] = try value("looked_after_age_1_to_4_share") + 0.1
        p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(abs(p.youngCareTime.value - (young + 0.01) / (young + 0.11)) < 1e-9)
        #expect(start.youngCareTime.value == 1)
        #expect(abs(p.ratePer10000.value / start.ratePer10000.value - (referrals + 5) / (referrals * 0.8 + 5)) < 1e-9)
        for (a, b) in zip(p.afterAssessment.value, start.afterAssessment.value) {
            let care = { (band: ShareBand) in band.shares.first { $0.name == "care" }!.value }
            #expect(care(a) < care(b))
            #expect(abs(a.shares.reduce(0) { $0 + $1.value } - 1) < 1e-9)
        }
        #expect(try #require(p.cinCareMean).value > (try #require(start.cinCareMean)).value, "care from CIN slower")
        #expect(p.cinCloseDays.value.first!.probability < start.cinCloseDays.value.first!.probability)
        // Too few ended over two years: the band from two years up rises (the longest band moves by
        // the stock of children in need alone, on target here).
        let twoYears = try #require(start.cinCloseDays.value.firstIndex { $0.lower >= 730 })
        #expect(twoYears < start.cinCloseDays.value.count - 1)
        #expect(p.cinCloseDays.value[twoYears].probability > start.cinCloseDays.value[twoYears].probability)
        let adoption = { (p: LocalParameters) in p.exitRoutes.value[0].shares.first { $0.name == "adoption" }!.value }
        #expect(adoption(p) > adoption(start) && adoption(p) < 2 * adoption(start) + 1e-9)
        // The shares' arithmetic: scaled shares capped at 0.95 together, the fill takes the rest.
        let s = LocalFit.scaled([Share(name: "close", value: 0.3), Share(name: "cin", value: 0.2), Share(name: "care", value: 0.5)],
                                ["care": 4], fill: ["close", "cin"])
        #expect(s.map(\.value) == [0.03, 0.02, 0.95])
    }

    /// The baseline scenario of `q` written to a new folder, and read back.
    static func written(_ q: LocalParameters, _ figures: LocalFigures) throws -> (String, Scenario) {
        let dir = TestSupport.temporaryDirectory()
        let scenario = BaselineScenario(authority: figures.authority, parameters: q, extends: RelativePath.from(directory: dir.path, to: Self.base),
                                        dataPath: RelativePath.from(directory: dir.path, to: Self.data), seed: 1, replications: 1, teams: [],
                                        warmStartSuppressed: [], command: "test")
        let file = dir.appendingPathComponent("ny.yaml").path
        try scenario.text.write(toFile: file, atomically: true, encoding: .utf8)
        return (scenario.text, try Scenario.load(file: file))
    }

    /// North Yorkshire's derived parameters and targets, with every metric simulated on target.
    static func onTarget() throws -> ([String: CalibrationTarget], [String: Double], LocalFigures, LocalParameters) {
        let (targets, figures, start) = try Self.derivedNorthYorkshire()
        return (Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0) }), Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0.value) }), figures, start)
    }

    /// The babies' time in care: too few of the stock aged under 1 lengthens the time in care of
    /// children entering under 1, on top of the under-5s' factor, by (target + 0.01) / (simulated +
    /// 0.01); written as a third band of care.time_by_age, which the scenario reads back.
    @Test func fitMovesTheBabiesTimeInCare() throws {
        var (goals, simulated, figures, start) = try Self.onTarget()
        var p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(p.babyCareTime.value == 1, "on target: nothing moves")
        // Under 1 short by its tolerance, 1 to 4 over by as much: the under-5s' sum is on target, their split is not.
        let under1 = try #require(goals["looked_after_age_under_1_share"])
        let u1 = under1.value, d = min(under1.allowedDifference, u1 / 2), u14 = try #require(goals["looked_after_age_1_to_4_share"]).value
        simulated["looked_after_age_under_1_share"] = u1 - d
        simulated["looked_after_age_1_to_4_share"] = u14 + d
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(abs(p.youngCareTime.value - 1) < 1e-12, "the under-5s' sum on target: their factor stays")
        let expected = min(2, (u1 + 0.01) / (u1 - d + 0.01))
        #expect(abs(p.babyCareTime.value - expected) < 1e-9 && p.babyCareTime.value > 1, "\(p.babyCareTime.value) against \(expected)")
        p.youngCareTime.value = 0.5
        let (text, scenario) = try Self.written(p, figures)
        let baby = String(format: "%.4f", 0.5 * p.babyCareTime.value)
        #expect(text.contains("\n  time_by_age: [{below: 1, factor: \(baby)}, {below: 5, factor: 0.5000}, {factor: 1}]   # "), "\(text)")
        let bands = try #require(scenario.pathway?.careTimeByAge)
        #expect(bands.map(\.belowYears) == [1, 5, .infinity] && abs(bands[0].factor - Double(baby)!) < 1e-12 && bands[1].factor == 0.5)
    }

    /// The school-age children: too few of the stock aged 5 to 9 lengthens the time in care of
    /// children entering at 5 to 9 by (target + 0.01) / (simulated + 0.01), within 1/2..2 a round
    /// and 0.25..4 in all; written as its own band of care.time_by_age after the under-5s' (which
    /// stays at 1 when the fit did not move it), and read back.
    @Test func fitMovesTheSchoolAgeTimeInCare() throws {
        var (goals, simulated, figures, start) = try Self.onTarget()
        var p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(p.middleCareTime.value == 1 && start.middleCareTime.value == 1, "on target: nothing moves")
        let g = try #require(goals["looked_after_age_5_to_9_share"])
        let t = g.value, d = min(g.allowedDifference, t / 2)
        simulated["looked_after_age_5_to_9_share"] = t - d
        LocalFit.step(&p, goals: goals, simulated: simulated)
        let expected = min(2, (t + 0.01) / (t - d + 0.01))
        #expect(abs(p.middleCareTime.value - expected) < 1e-9 && p.middleCareTime.value > 1, "\(p.middleCareTime.value) against \(expected)")
        #expect(p.youngCareTime.value == 1 && p.babyCareTime.value == 1, "the younger shares on target: their factors stay")
        // Too many: shorter, at most halved a round, and never below 0.25 in all.
        simulated["looked_after_age_5_to_9_share"] = 1
        var q = start
        for _ in 0..<5 { LocalFit.step(&q, goals: goals, simulated: simulated) }
        #expect(q.middleCareTime.value == 0.25)
        let (text, scenario) = try Self.written(p, figures)
        let middle = String(format: "%.4f", p.middleCareTime.value)
        #expect(text.contains("\n  time_by_age: [{below: 5, factor: 1.0000}, {below: 10, factor: \(middle)}, {factor: 1}]   # children entering care aged 5 to 9"), "\(text)")
        let bands = try #require(scenario.pathway?.careTimeByAge)
        #expect(bands.map(\.belowYears) == [5, 10, .infinity] && bands[0].factor == 1 && abs(bands[1].factor - Double(middle)!) < 1e-12 && bands[2].factor == 1)
    }

    /// The spread of placement move rates: too many of the movers with three or more placements
    /// in the year makes the gamma shape larger (the children's rates more alike) by the ratio of
    /// the shares of movers squared; too few makes it smaller; on target (within half the
    /// tolerance of both shares) nothing moves; the ratio is held within 1/2..2 a round, and
    /// the shape is written only once it has moved.
    @Test func fitMovesTheSpreadOfPlacementMoves() throws {
        let (targets, figures, start) = try Self.derivedNorthYorkshire()
        let goals = Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0) })
        let two = try #require(goals["placements_in_year_two_share"]).value, three = try #require(goals["placements_in_year_three_plus_share"]).value
        #expect(start.moveFrailty.value == 1 && start.englandFrailtyShape == 0.5)
        var simulated = Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0.value) })
        var p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(p.moveFrailty.value == 1, "on target: nothing moves")
        // Three points more of the children move three or more times, as many fewer twice.
        let movers = two + three, share = (three + 0.01) / (movers + 0.02)
        simulated["placements_in_year_three_plus_share"] = three + 0.03
        simulated["placements_in_year_two_share"] = two - 0.03
        LocalFit.step(&p, goals: goals, simulated: simulated)
        let expected = pow(((three + 0.03 + 0.01) / (movers + 0.02)) / share, 2)
        #expect(expected < 2 && abs(p.moveFrailty.value - expected) < 1e-9 && p.moveFrailty.value > 1, "\(p.moveFrailty.value) against \(expected)")
        #expect(p.moveFrailty.comment.contains("refined by simulation"))
        // Far too few: the shape halves at most.
        p = start
        simulated["placements_in_year_three_plus_share"] = 0
        simulated["placements_in_year_two_share"] = movers
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(p.moveFrailty.value == 0.5)
        // Written under care.placement_moves, where the scenario reads it back; England's is not written (inherited).
        let (text, scenario) = try Self.written(p, figures)
        #expect(text.contains("\n    frailty_shape: 0.2500   # England's gamma shape 0.5 x 0.500") && scenario.pathway?.placementFrailtyShape == 0.25)
        let (englands, same) = try Self.written(start, figures)
        #expect(!englands.contains("frailty_shape") && same.pathway?.placementFrailtyShape == 0.5)
    }

    /// The CIN plans' bands: each by the episodes ended in the episode bands its plans make (the
    /// band moved on by the 45 days from referral to plan, the ratios weighted by overlap), counted
    /// as share x episodes ended, so that an LA ending too many episodes in every band moves weight
    /// to the longest band (moved by the children in need at 31 March alone); the closures at
    /// assessment by the square root of the short band's ratio.
    @Test func fitMovesCINPlansByTheEpisodesEnded() throws {
        // The overlap: a plan of 0 to 3 months ends an episode of 45 days to 4.5 months.
        let first = EmpiricalBands.Band(lower: 0, upper: 91.3125, probability: 0.3)
        #expect(abs(LocalFit.overlapRatio(first, [2, 1, 1, 1, 1]) - (46.3125 * 2 + 45) / 91.3125) < 1e-12)
        #expect(abs(LocalFit.overlapRatio(.init(lower: 730.5, upper: 2500, probability: 0.1), [1, 1, 1, 0.5, 3]) - 3) < 1e-12)
        let spanning = EmpiricalBands.Band(lower: 300, upper: 700, probability: 0.1)   // episodes of 345 to 745 days
        let expected = ((365.25 - 345) * 1 + 365.25 * 0.5 + (745 - 730.5) * 3) / 400
        #expect(abs(LocalFit.overlapRatio(spanning, [1, 1, 1, 0.5, 3]) - expected) < 1e-12)

        var (goals, simulated, _, start) = try Self.onTarget()
        func value(_ m: String) throws -> Double { try #require(goals[m]).value }
        // Shares on target, 30% too many episodes ended: every band's count 30% over.
        let ended = try value("cin_episodes_ended")
        #expect(LocalFit.endedRatio("cin_ended_1_to_2_years_share", goals: goals, simulated: simulated) == nil, "on target: nothing moves")
        simulated["cin_episodes_ended"] = 1.3 * ended
        let share = try value("cin_ended_1_to_2_years_share")
        let r = try #require(LocalFit.endedRatio("cin_ended_1_to_2_years_share", goals: goals, simulated: simulated))
        #expect(abs(r - (share * ended + 5) / (share * 1.3 * ended + 5)) < 1e-12)
        var p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        let before = start.cinCloseDays.value.map(\.probability), after = p.cinCloseDays.value.map(\.probability)
        #expect(after.last! > before.last!, "the longest band takes the weight: \(before) -> \(after)")
        // The others fall, but for the shortest: its episodes ended under 3 months move the closures at
        // assessment by half the ratio (its square root) and the band by the rest.
        for i in before.indices.dropFirst().dropLast() { #expect(after[i] <= before[i], "band \(i): \(before[i]) -> \(after[i])") }
        #expect(abs(after.reduce(0, +) - 1) < 1e-9)
        let close = { (p: LocalParameters) in p.afterAssessment.value[0].shares.first { $0.name == "close" }!.value }
        #expect(close(p) < close(start), "fewer closed at assessment")
        // Without the episodes ended among the targets, the share's ratio alone.
        goals["cin_episodes_ended"] = nil
        simulated["cin_ended_1_to_2_years_share"] = share + 0.05
        let byShare = try #require(LocalFit.endedRatio("cin_ended_1_to_2_years_share", goals: goals, simulated: simulated))
        #expect(abs(byShare - (share + 0.01) / (share + 0.06)) < 1e-12)
    }

    /// The fit stops at a round that meets every target only when every target is within half its
    /// tolerance (where the step moves nothing); one met by more than that goes on to the next round.
    @Test func fitStopsWhenEveryTargetIsWithinHalfItsTolerance() throws {
        let (goals, onTarget, _, start) = try Self.onTarget()
        let targets = goals.values.sorted { $0.metric < $1.metric }
        var options = LocalFit.Options()
        options.rounds = 3
        let referrals = try #require(goals["referrals"])
        var edge = onTarget
        edge["referrals"] = referrals.value + 0.8 * referrals.allowedDifference
        #expect(referrals.accepts(edge["referrals"]!))
        var calls = 0
        func atEdge(_: LocalParameters) throws(Baseline.Failure) -> [String: Double] { calls += 1; return edge }
        let (_, report) = try LocalFit.fit(start, targets: targets, options: options, simulate: atEdge)
        #expect(calls == 4 && report.missesByRound == [0, 0, 0, 0], "\(report.missesByRound)")
        calls = 0
        func settled(_: LocalParameters) throws(Baseline.Failure) -> [String: Double] { calls += 1; return onTarget }
        let (_, settledReport) = try LocalFit.fit(start, targets: targets, options: options, simulate: settled)
        #expect(calls == 1 && settledReport.kept == 0)
    }

    /// The run-in year's conferences: set only where the baseline has a run-in year, moved by
    /// the CP plans open at the start of the measured year (open + ended - started; factor x
    /// ratio squared, within 0.8..1.25 a round), and written as the conference's `by_year` in the
    /// demand section (the other conversions' untouched); not written while it is 1.
    @Test func fitMovesTheRunInConferences() throws {
        var (goals, simulated, _, start) = try Self.onTarget()
        #expect(start.runInConference == nil, "derived: none (Baseline sets it where there is a run-in year and a demand section)")
        var p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(p.runInConference == nil)
        p.runInConference = Annotated(value: 1, comment: "")
        let unmoved = p
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(p.runInConference?.value == 1, "on target: nothing moves")
        // CP plans at the start 10% short (by the plans ended).
        func value(_ m: String) throws -> Double { try #require(goals[m]).value }
        let cp = try value("cp_plans_open") + value("cp_plans_ended") - value("cp_plans_started")
        simulated["cp_plans_ended"] = try value("cp_plans_ended") - 0.1 * cp
        goals["cp_plans_ended"]?.tolerance = 0.02
        p = unmoved
        LocalFit.step(&p, goals: goals, simulated: simulated)
        let r = (cp + 5) / (0.9 * cp + 5)
        let moved = try #require(p.runInConference)
        #expect(abs(moved.value - min(1.25, r * r)) < 1e-9 && moved.value > 1, "\(moved.value) against \(r * r)")
        // Written into the conference's by_year, the other conversions' kept.
        let history = DemandHistory(area: "x", through: 2015, rates: (2011...2015).map { .init(year: $0, referrals: 100, children: 10_000) },
                                    population: [2015: 10_000], populationSource: "test")
        let source = BaselineScenario.DemandSource(history: history, projection: DemandProjection(.constant), pooled: nil)
        let demand = history.section(DemandProjection(.constant))
        let written = source.lines(runInConference: moved, year: 2014)
        #expect(source.lines(runInConference: nil, year: 2014) == demand)
        let changed = zip(demand, written).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(changed.count == 1)
        let i = try #require(changed.first).offset
        #expect(written[i].hasPrefix(String(format: "      by_year: [{year_ending: 2014, factor: %.4f}]   # run-in year: refined by simulation", moved.value)), "\(written[i])")
        #expect(try #require(written[..<i].last { $0.hasPrefix("    ") && !$0.hasPrefix("     ") }).hasPrefix("    conference:"))
        #expect(source.lines(runInConference: unmoved.runInConference, year: 2014) == demand)
        #expect(source.lines(runInConference: moved, year: nil) == demand)
    }

    /// The two fit steps for the run-in year: the run-in referrals by the children in need at the
    /// start of the measured year (open + ended - started; factor x ratio squared), and the warm
    /// start's time still to run in care by the children looked after at its start (during the
    /// year - started; factor x ratio to the fifth); each within 0.8..1.25 a round.
    @Test func fitMovesTheRunInYear() throws {
        let (targets, figures, start) = try Self.derivedNorthYorkshire()
        let runIn = try #require(start.runInReferrals).value
        #expect(start.careRemaining.value == 1.2, "England's factor to start with")
        var goals = Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0) })
        func value(_ m: String) throws -> Double { try #require(goals[m]).value }
        var simulated = Dictionary(uniqueKeysWithValues: targets.map { ($0.metric, $0.value) })
        var p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(p.runInReferrals?.value == runIn && p.careRemaining.value == 1.2, "on target: nothing moves")
        // Children in need at the start 10% short (by the open count); looked-after children at the
        // start 4% short (North Yorkshire's 463 less 18.5, beyond half of a tolerance of 620 during
        // the year narrowed here to ±2%, so that the step is not held at 1.25).
        var narrowed = try #require(goals["looked_after_during_year"])
        narrowed.tolerance = 0.02
        goals["looked_after_during_year"] = narrowed
        let cin = try value("children_in_need_open") + value("cin_episodes_ended") - value("cin_episodes_started")
        simulated["children_in_need_open"] = try value("children_in_need_open") - 0.1 * cin
        let care = try value("looked_after_during_year") - value("looked_after_started")
        simulated["looked_after_during_year"] = try value("looked_after_during_year") - 0.04 * care
        // The open count also moves the long CIN episodes; nothing else reads these two.
        p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        let r = (cin + 5) / (0.9 * cin + 5)
        #expect(abs(try #require(p.runInReferrals).value - runIn * r * r) < 1e-9)
        // The assessment slots are resized for the busier run-in year.
        let load = start.assessmentLoad
        #expect(p.slots.value == load.slots(runIn: runIn * r * r).value && p.slots.value > start.slots.value)
        // From England's factor (1.2, fitted), by the damped ratio.
        #expect(start.baseCareRemaining == 1.2)
        #expect(abs(p.careRemaining.value - 1.2 * pow((care + 5) / (0.96 * care + 5), 5)) < 1e-9)
        #expect(p.careRemaining.comment.contains("refined by simulation"))
        // 20% short: held at 1.25 a round.
        simulated["looked_after_during_year"] = try value("looked_after_during_year") - 0.2 * care
        p = start
        LocalFit.step(&p, goals: goals, simulated: simulated)
        #expect(abs(p.careRemaining.value - 1.2 * 1.25) < 1e-12)
        // Written into the warm start, where the scenario reads it back (England's is not written: inherited).
        let (text, scenario) = try Self.written(p, figures)
        #expect(text.contains("\n  care_remaining_factor: 1.5000   # the warm start's looked-after children's time still to run x 1.500"))
        #expect(abs(try #require(scenario.pathway?.initial?.careRemainingFactor) - 1.5) < 1e-12)
        let (startText, startScenario) = try Self.written(start, figures)
        #expect(!startText.contains("care_remaining_factor") && startScenario.pathway?.initial?.careRemainingFactor == 1.2)
    }

    @Test func toleranceRule() {
        #expect(LocalTargets.countTolerance(100, england: 0.05) == (0.25, .relative))
        #expect(LocalTargets.countTolerance(1_000_000, england: 0.05) == (0.05, .relative))
        #expect(LocalTargets.countTolerance(0, england: 0.05) == (2.5, .absolute))
        #expect(abs(LocalTargets.shareTolerance(0.5, n: 100, england: 0.02) - 2.5 * 0.05) < 0.001)
        #expect(LocalTargets.shareTolerance(0.5, n: 1_000_000, england: 0.02) == 0.02)
        #expect(LocalTargets.shareTolerance(0, n: 50, england: 0.02) > 0.02, "a share of 0 of a few children still has noise")
    }

    @Test func shareArithmetic() throws {
        let r = ShareArithmetic.rounded([1.0 / 3, 1.0 / 3, 1.0 / 3, 1e-9])
        #expect(abs(r.reduce(0, +) - 1) < 1e-12)
        // A suppressed part takes the rest of the total, split in England's proportions.
        let l = try #require(ShareArithmetic.localShares([50, nil, nil], total: 60, england: [0.5, 0.3, 0.2]))
        #expect(abs(l.shares[1] - 6.0 / 60) < 1e-12 && abs(l.shares[2] - 4.0 / 60) < 1e-12)
        #expect(l.filled == [false, true, true])
        #expect(ShareArithmetic.localShares([1, nil], total: nil, england: [0.5, 0.5]) == nil)
        #expect(abs(ShareArithmetic.smoothedShare(0, n: 20, england: 0.5) - 0.25) < 1e-12)
        #expect(RelativePath.from(directory: "/a/b/scenarios/la", to: "/a/b/data") == "../../data")
        #expect(RelativePath.from(directory: "/a/b/scenarios/la", to: "/a/b/scenarios/england.yaml") == "../england.yaml")
    }

    @Test func warmStartFillsSuppressedCells() {
        // Bands: a suppressed band gets what the published ones leave of the total.
        let f = PublishedStocks.filled([.number(7), .suppressed, .number(9)], total: .number(20))
        #expect(f.parts == [7, 4, 9] && f.total == 20)
        // A suppressed total is the sum of its published bands; 3 when none is published.
        #expect(PublishedStocks.filled([.number(2), .suppressed], total: .suppressed).total == 2)
        let none = PublishedStocks.filled([.suppressed, .suppressed], total: .suppressed)
        #expect(none.total == 3 && none.parts == [1.5, 1.5])
    }

    /// `--balance`: the stocks' targets in the fit move to the published levels at the warm start,
    /// within 3% (a wider one is narrowed, a narrower one kept); every other target is as it was.
    @Test("balanced targets: the stocks at the warm start's published levels, the rest unchanged")
    func balancedTargets() throws {
        let stocks = try PublishedStocks.load(dataDirectory: Self.data, area: "England", year: 2014)
        let targets = try CalibrationTargets.load(file: Self.englandTargets)
        let balanced = Baseline.balancedTargets(targets, stocks)
        #expect(balanced.count == targets.count)
        var moved = 0
        for (b, t) in zip(balanced, targets) {
            switch t.metric {
            case "children_in_need_open", "cp_plans_open", "looked_after_open":
                let expected = t.metric == "children_in_need_open" ? stocks.childrenInNeed.number
                    : t.metric == "cp_plans_open" ? stocks.childProtectionPlans.number : stocks.lookedAfter.number
                #expect(b.value == expected && b.kind == .relative)
                #expect(b.tolerance <= 0.03 && b.tolerance == min(0.03, t.tolerance))
                moved += 1
            default:
                #expect(b == t)
            }
        }
        #expect(moved == 3)
        // England's published stocks at 31 March 2014, not 2015's.
        #expect(balanced.first { $0.metric == "looked_after_open" }?.value == 68_840)
    }
}

