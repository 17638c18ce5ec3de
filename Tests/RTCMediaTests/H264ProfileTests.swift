import Testing
@testable import RTCMedia

@Suite struct H264ProfileTests {
    /// RFC 6184 Table 5 bit by bit: for profile_idc 42, constraint_set1 alone decides between
    /// Constrained Baseline and Baseline; constraint_set0, 2 and 3 do not matter; constraint_set4,
    /// 5 and the reserved bits must be 0.
    @Test func baselineByteTable() {
        for iop in UInt8.min...UInt8.max {
            let profile = H264Profile(profileIDC: 0x42, profileIOP: iop)
            if iop & 0x0F != 0 {
                #expect(profile == nil, "\(iop)")
            } else {
                #expect(profile == (iop & 0x40 != 0 ? .constrainedBaseline : .baseline), "\(iop)")
            }
        }
    }

    @Test func mainAndExtendedBytes() {
        // 4D: constraint_set0 makes it Constrained Baseline; else constraint_set2 must be 0 for Main.
        #expect(H264Profile(profileIDC: 0x4D, profileIOP: 0x80) == .constrainedBaseline)
        #expect(H264Profile(profileIDC: 0x4D, profileIOP: 0x50) == .main)
        #expect(H264Profile(profileIDC: 0x4D, profileIOP: 0x20) == nil)
        // 58: constraint_set0 and 1: Constrained Baseline; 0 only: Baseline; neither: Extended.
        #expect(H264Profile(profileIDC: 0x58, profileIOP: 0xC0) == .constrainedBaseline)
        #expect(H264Profile(profileIDC: 0x58, profileIOP: 0x80) == .baseline)
        #expect(H264Profile(profileIDC: 0x58, profileIOP: 0x30) == .extended)
        #expect(H264Profile(profileIDC: 0x58, profileIOP: 0x40) == nil)
        #expect(H264Profile(profileIDC: 0x64, profileIOP: 0x08) == nil)
    }

    @Test func names() {
        #expect(H264Profile.constrainedBaseline.description == "Constrained Baseline")
        #expect(H264Profile.constrainedHigh.description == "Constrained High")
    }
}
