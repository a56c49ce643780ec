package org.citizenwallet.demo.logic

import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import org.citizenwallet.DocType
import org.citizenwallet.demoCitizenRecord
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

class CardTest {
    @get:Rule val tmp = TemporaryFolder()

    @Test
    fun valuesShowOnlyWhileUnlockedAndLeaveMemoryOnLock() {
        val t = TestWallet(tmp.root)
        val record = demoCitizenRecord()
        val card = CardController(t.wallet)
        assertEquals(CardState(locked = true), card.state.value, "nothing known before the first read")

        card.refresh()
        val open = card.state.value
        assertFalse(open.locked)
        assertEquals(listOf("Citizen identity", "Residence"), open.cards.map { it.title })
        val identity = open.cards.first { it.docType == DocType.IDENTITY }
        assertTrue(identity.isTestData, "the demo issuer's card is labelled TEST DATA")
        assertEquals("https://id.example.vn", identity.issuer)
        assertEquals(listOf("Full name", "ID number", "Date of birth", "Sex", "Nationality"), identity.claims.take(5).map { it.label })
        val values = identity.claims.associate { it.name to it.value }
        assertEquals(record.fullName, values["full_name"])
        assertEquals(record.idNumber, values["id_number"])
        assertEquals("1990-05-15", values["date_of_birth"])
        assertEquals("Yes", values["age_over_18"], "age flags read as Yes/No")
        assertTrue(identity.expiresAt > identity.issuedAt)

        t.wallet.lock()
        card.refresh()
        val locked = card.state.value
        assertTrue(locked.locked)
        assertEquals(open.cards.map { c -> c.claims.map { it.name } }, locked.cards.map { c -> c.claims.map { it.name } },
            "the layout stays")
        assertTrue(locked.cards.all { c -> c.claims.all { it.value == null } }, "every value is dropped")
        assertFalse(locked.toString().contains(record.fullName))
        assertFalse(locked.toString().contains(record.idNumber))

        t.wallet.unlock(PIN)
        card.refresh()
        assertEquals(open, card.state.value, "values come back after unlock")
    }

    @Test
    fun claimRowsNeverPrintTheirValues() {
        val row = ClaimRow("full_name", "Full name", "Nguyễn Thị Minh Khai")
        assertFalse(row.toString().contains("Nguyễn"))
    }
}
