package org.citizenwallet.demo.logic

import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

class HistoryTest {
    @get:Rule val tmp = TemporaryFolder()

    @Test
    fun historyListsEveryPresentationNewestFirstWithClaimNamesOnly() {
        val t = TestWallet(tmp.root)
        val history = HistoryController(t.wallet)
        history.refresh()
        assertEquals(HistoryState(locked = false), history.state.value)

        val p = PresentController(t.wallet, FakeClock()).apply { load() }
        for (preset in listOf(Preset.AgeOver18, Preset.NameAndIdNumber)) {
            p.choosePreset(preset)
            p.show()
            p.stop()
        }
        p.chooseCredential(t.residenceId)
        p.show()
        p.stop()

        history.refresh()
        val rows = history.state.value.rows
        assertEquals(3, rows.size)
        assertEquals(rows.sortedByDescending { it.presentedAt }, rows)
        assertEquals(rows.map { it.id }.sortedDescending(), rows.map { it.id }, "newest first")
        assertEquals(listOf("Residence", "Citizen identity", "Citizen identity"), rows.map { it.credentialTitle })
        assertEquals(listOf("Full name", "ID number"), rows[0].disclosed)
        assertEquals(listOf("Full name", "ID number"), rows[1].disclosed)
        assertEquals(listOf("Over 18"), rows[2].disclosed)
        assertTrue(rows.all { it.audience == DemoConfig.COUNTER_AUDIENCE })
        assertTrue(rows.all { it.expiresAt - it.presentedAt == DemoConfig.PRESENTATION_TTL_SECS })
        assertFalse(history.state.value.toString().contains(SAMPLE_NAME), "the log holds no values")

        history.delete(rows[1].id)
        assertEquals(listOf(rows[0].id, rows[2].id), history.state.value.rows.map { it.id })
        history.delete(rows[1].id)
        assertTrue(history.state.value.message!!.isNotBlank(), "deleting a gone entry says so")

        history.clear()
        assertTrue(history.state.value.rows.isEmpty())

        t.wallet.lock()
        history.refresh()
        assertEquals(HistoryState(locked = true), history.state.value)
    }
}
