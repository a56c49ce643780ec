package org.citizenwallet.demo.logic

import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The counter's verifier is made when the Verify tab first needs it, once, and not before. */
class LazyCounterTest {
    @get:Rule val tmp = TemporaryFolder()

    @Test
    fun nothingIsOpenedUntilTheVerifyTabAsks() {
        val replay = File(tmp.root, DemoConfig.REPLAY_DB_FILE_NAME)
        var made = 0
        val lazy = LazyCounter {
            made++
            CounterController.open(DEMO_TRUST, File(tmp.root, "trust"), replay.path)
        }
        assertEquals(0, made)
        assertEquals(LazyCounter.Stage.NotOpened, lazy.stage.value)
        assertNull(lazy.counter)
        assertFalse(replay.exists(), "no replay database before the counter is used")

        val ready = assertIs<LazyCounter.Stage.Ready>(lazy.open())
        assertSame(ready, lazy.open(), "a second open reuses the verifier")
        assertEquals(1, made)
        assertSame(ready.counter, lazy.counter)

        // And it is a working counter with its replay memory.
        val t = TestWallet(tmp.root)
        val qr = t.wallet.present(t.identityId, listOf("age_over_18"), DemoConfig.COUNTER_AUDIENCE, 60uL, null).qrText
        ready.counter.onQrText(qr)
        assertIs<Verdict.Accepted>(assertIs<CounterState.Result>(ready.counter.state.value).verdict)
        assertTrue(replay.exists())
        lazy.close()
        t.wallet.close()
    }

    @Test
    fun aRefusedTrustBundleIsShownOnceAndNotRetriedOnEveryFrame() {
        var made = 0
        val damaged = AppTrust(byteArrayOf(1, 2, 3), DEMO_TRUST.anchors, DemoConfig.EXPIRED_TRUST)
        val lazy = LazyCounter {
            made++
            CounterController.open(damaged, File(tmp.root, "trust"), File(tmp.root, "replay.db").path)
        }
        val broken = assertIs<LazyCounter.Stage.Broken>(lazy.open())
        assertTrue(broken.message.isNotBlank())
        assertSame(broken, lazy.open())
        assertEquals(1, made)
        assertNull(lazy.counter)
        lazy.close() // nothing to close: must not throw
    }
}
