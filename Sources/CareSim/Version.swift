/// The CareSim release, recorded in every manifest.
public enum CareSimVersion {
    public static let string = "0.1.0"
}
