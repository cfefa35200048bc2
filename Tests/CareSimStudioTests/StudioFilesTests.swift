import Foundation
import Testing
@testable import CareSimStudio

@Suite struct StudioFilesTests {
    @Test func areaCodes() {
        #expect(StudioFiles.isAreaCode("E08000035"))
        #expect(!StudioFiles.isAreaCode("../../etc"))
        #expect(!StudioFiles.isAreaCode("E0800003"))
    }
}
