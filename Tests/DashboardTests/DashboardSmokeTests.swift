import Testing
@testable import Dashboard

@Test func DashboardModuleLoads() { #expect(Bool(true)) }
