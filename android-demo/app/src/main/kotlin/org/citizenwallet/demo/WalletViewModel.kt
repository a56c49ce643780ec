package org.citizenwallet.demo

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import java.io.File
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.launch
import org.citizenwallet.demo.logic.AnswerController
import org.citizenwallet.demo.logic.DemoConfig
import org.citizenwallet.demo.logic.DemoCredentials
import org.citizenwallet.demo.logic.HistoryController
import org.citizenwallet.demo.logic.Onboarding
import org.citizenwallet.demo.logic.PresentController
import org.citizenwallet.demo.logic.UnlockController
import org.citizenwallet.demo.logic.WalletFile
import org.citizenwallet.demo.logic.WalletSession

/**
 * The citizen side. All logic lives in [WalletSession] (JVM-tested); this class only runs its
 * blocking event functions off the main thread, one at a time, and ticks its countdowns.
 */
class WalletViewModel(app: CitizenWalletApplication) : ViewModel() {
    // One worker: Argon2id and signing block, and the session's events must not overlap.
    private val worker = Dispatchers.Default.limitedParallelism(1)

    private val session = WalletSession(
        WalletFile(File(app.filesDir, DemoConfig.WALLET_FILE_NAME), app.keyWrapper),
        DemoCredentials(app.trust, app.demoPortrait),
    )
    val stage: StateFlow<WalletSession.Stage> = session.stage

    init {
        run { session.start() }
        // Ticks only while a countdown shows (a PIN lockout, a live QR code); collectLatest cancels
        // the loop as soon as it goes away, so an idle app wakes nothing twice a second.
        viewModelScope.launch(worker) {
            session.countdownShowing.collectLatest { showing ->
                while (showing) {
                    delay(TICK_MILLIS)
                    session.tick()
                }
            }
        }
    }

    fun onboarding(event: Onboarding.() -> Unit) = run {
        (session.stage.value as? WalletSession.Stage.Setup)?.onboarding?.event()
        session.onboardingChanged()
    }

    fun unlock(event: UnlockController.() -> Unit) = run {
        (session.stage.value as? WalletSession.Stage.Locked)?.unlock?.event()
        session.unlockChanged()
    }

    fun present(event: PresentController.() -> Unit) = run {
        (session.stage.value as? WalletSession.Stage.Open)?.present?.event()
    }

    fun answer(event: AnswerController.() -> Unit) = run {
        (session.stage.value as? WalletSession.Stage.Open)?.answer?.event()
    }

    fun history(event: HistoryController.() -> Unit) = run {
        (session.stage.value as? WalletSession.Stage.Open)?.history?.event()
    }

    fun refreshCard() = run { (session.stage.value as? WalletSession.Stage.Open)?.card?.refresh() }

    /** The app left the screen: lock, so nothing personal stays readable in memory. */
    fun lock() = run { session.lock() }

    fun eraseAndStartOver() = run { session.eraseAndStartOver() }

    private fun run(block: () -> Unit) {
        viewModelScope.launch(worker) { block() }
    }

    private companion object {
        // Twice a second, so a countdown in whole seconds never skips one.
        const val TICK_MILLIS = 500L
    }
}
