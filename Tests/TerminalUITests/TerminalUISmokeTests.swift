import Testing
@testable import TerminalUI

@Test func TerminalUIModuleLoads() { #expect(Bool(true)) }
