import Testing
@testable import NCursesBackend

@Test func NCursesBackendModuleLoads() { #expect(Bool(true)) }
