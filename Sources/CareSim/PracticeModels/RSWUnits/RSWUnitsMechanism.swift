// Reclaiming Social Work units act through mechanisms shared with other models, not code of
// their own: a unit's coordinator cuts recording time and case discussion takes time, both in
// the team's direct share (DirectWork/DirectWorkMechanism.swift, directShare); the unit's
// clinician is an edge-of-care service (EdgeOfCare/EdgeOfCareMechanism.swift, deferToEdge);
// a unit holds its cases together (Workforce, allocation: unit).
