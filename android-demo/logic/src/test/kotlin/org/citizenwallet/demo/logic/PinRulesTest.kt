package org.citizenwallet.demo.logic

import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.junit.Test

class PinRulesTest {
    @Test
    fun acceptsUnremarkablePins() {
        for (pin in listOf("482915", "246810", "907153", "112358", "135792")) {
            assertNull(PinRules.check(pin), "$pin should be accepted")
        }
    }

    @Test
    fun refusesEachWeakKindWithItsReason() {
        val expected = mapOf(
            "111111" to PinProblem.AllSame,
            "000000" to PinProblem.AllSame,
            "123456" to PinProblem.Sequence,
            "654321" to PinProblem.Sequence,
            "890123" to PinProblem.Sequence,
            "210987" to PinProblem.Sequence,
            "121212" to PinProblem.RepeatedBlock,
            "123123" to PinProblem.RepeatedBlock,
            "12345" to PinProblem.WrongLength,
            "1234567" to PinProblem.WrongLength,
            "" to PinProblem.WrongLength,
            "12a456" to PinProblem.NotDigits,
            "１２３４５６" to PinProblem.NotDigits, // full-width digits are not ASCII digits
        )
        for ((pin, problem) in expected) assertEquals(problem, PinRules.check(pin), "PIN \"$pin\"")
    }

    @Test
    fun pinEntryTakesSixDigitsOnlyAndNeverPrintsThem() {
        var entry = PinEntry.Empty
        "48x2915".forEach { entry = entry.plus(it) }
        assertEquals(6, entry.length)
        assertTrue(entry.isComplete)
        assertEquals("482915", entry.value())
        assertEquals(entry, entry.plus('7'), "a seventh digit is ignored")
        assertFalse(entry.toString().contains("4829"), "toString must not show the digits")
        assertEquals("48291", entry.minusLast().value())
        assertEquals(PinEntry.Empty, PinEntry.Empty.minusLast())
    }
}
