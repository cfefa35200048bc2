import CareSimEngine
import Foundation

/// How the practice models act on the pathway (docs/explanation/model.md, section 4). Each acts
/// through a mechanism with parameters, not through an output multiplier:
/// - direct work: a case's escalation hazards follow the direct hours its worker has for it,
///   which turnover, caseloads, the RSW coordinator and the Family Safeguarding workbook change;
/// - Family Safeguarding: adult specialists (limited places) work with parents whose factors put
///   children at risk; a family that engages may change within the specialist's work, and then
///   its children's CP plans end at the next review, a child in care may go home at the next
///   review, and escalation hazards fall;
/// - edge-of-care work (RSW clinicians, No Wrong Door outreach): a care entry about to happen
///   waits while the service works with the family; the crisis resolves with a probability that
///   grows with the hours of direct work delivered;
/// - No Wrong Door hub beds and key workers: a children's home placement of an adolescent goes to
///   a hub bed when one is free, then steps down to a family placement; the key worker lowers
///   placement breakdown and missing episodes.
extension PathwayReplication {
    static let followUpDays = 182.625
    static let cpFirstReview = 91.3125, cpReviewEvery = 182.625
    /// Looked-after reviews: 20 working days (28 calendar days) after entry, 3 months, then
    /// every 6 months.
    static let careFirstReview = 28.0

    var practiceStarted: Bool { practice?.started == true }

    func startPractice(_ now: Double) {
        guard let s = practice else { return }
        s.started = true
        guard p.practice.familySafeguarding != nil, let wf = workforce else { return }
        // The families the teams already work with are offered specialists too.
        for i in children.indices where hot[i].live && wf.hasWorker(Int32(i)) { allocateSpecialists(Int32(i), now) }
    }
}
