package org.citizenwallet.demo.logic

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.flatMapLatest
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.map
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException

/**
 * The citizen side from app start to app end: set-up on first run, the PIN screen in front of an
 * existing wallet, and the open wallet's screens. Owns the one [Wallet] the app keeps for its
 * lifetime. A ViewModel holds one session and forwards lifecycle events ([lock] when the app goes
 * to the background).
 *
 * Event functions may block: call them off the main thread, one at a time.
 */
class WalletSession(
    private val file: WalletFile,
    private val demoCredentials: DemoCredentials,
    private val clock: Clock = Clock.System,
    private val makePresenter: (Wallet, Clock) -> PresentController = { w, c -> PresentController(w, c) },
) {
    sealed interface Stage {
        data object Starting : Stage
        data class Setup(val onboarding: Onboarding) : Stage
        data class Locked(val unlock: UnlockController) : Stage
        data class Open(
            val card: CardController,
            val present: PresentController,
            val history: HistoryController,
            /** Answering a counter's signed request (with the explicit "with photo" choice). */
            val answer: AnswerController,
        ) : Stage
        data class Failed(val message: String) : Stage
    }

    private val _stage = MutableStateFlow<Stage>(Stage.Starting)
    val stage: StateFlow<Stage> = _stage.asStateFlow()

    private var wallet: Wallet? = null
    private var open: Stage.Open? = null

    /**
     * True while a countdown is on screen: a PIN lockout, or a live QR code with its expiry. The app
     * calls [tick] (twice a second) only while this is true, and not at all otherwise.
     */
    @OptIn(ExperimentalCoroutinesApi::class)
    val countdownShowing: Flow<Boolean> = stage
        .flatMapLatest { s ->
            when (s) {
                is Stage.Locked -> s.unlock.state.map { it is UnlockState.LockedOut }
                is Stage.Open -> s.present.state.map { it is PresentState.Showing }
                else -> flowOf(false)
            }
        }
        .distinctUntilChanged()

    /** Advances whichever countdown shows (see [countdownShowing]). */
    fun tick() {
        when (val s = _stage.value) {
            is Stage.Locked -> s.unlock.tick()
            is Stage.Open -> s.present.tick()
            else -> Unit
        }
    }

    /** First run → set-up; otherwise open the file, locked, behind the PIN screen. */
    fun start() {
        if (_stage.value != Stage.Starting) return
        if (!file.exists()) {
            _stage.value = Stage.Setup(Onboarding(file, demoCredentials))
            return
        }
        try {
            adopt(file.open())
        } catch (e: WalletException) {
            _stage.value = Stage.Failed(e.userMessage())
        }
    }

    /** Call after each onboarding event: moves on once set-up is done. */
    fun onboardingChanged() {
        val setup = _stage.value as? Stage.Setup ?: return
        val created = setup.onboarding.wallet
        if (setup.onboarding.state.value is OnboardingState.Done && created != null) adopt(created)
    }

    /** Call after each PIN-screen event: opens the wallet screens once unlocked. */
    fun unlockChanged() {
        val locked = _stage.value as? Stage.Locked ?: return
        if (locked.unlock.state.value == UnlockState.Unlocked) showOpen()
    }

    /** Locks the wallet (data key zeroized) and drops every value from the screens' state. */
    fun lock() {
        val wallet = wallet ?: return
        if (_stage.value !is Stage.Open) return
        wallet.lock()
        open?.let {
            it.present.stop()
            it.answer.reset()
            it.card.refresh()
            it.history.refresh()
        }
        _stage.value = Stage.Locked(UnlockController(wallet, clock))
    }

    /** Erases the wallet file and its keys (after a wipe, a lost device key, or by choice); back to set-up. */
    fun eraseAndStartOver() {
        try {
            wallet?.erase()
        } catch (e: WalletException) {
            // Already erased or unreadable: the file is removed below either way.
        }
        wallet?.close()
        wallet = null
        open = null
        file.deleteFiles()
        _stage.value = Stage.Setup(Onboarding(file, demoCredentials))
    }

    private fun adopt(w: Wallet) {
        wallet = w
        open = Stage.Open(CardController(w), makePresenter(w, clock), HistoryController(w), AnswerController(w, demoCredentials.trust))
        if (w.isUnlocked()) showOpen() else _stage.value = Stage.Locked(UnlockController(w, clock))
    }

    private fun showOpen() {
        val o = open ?: return
        o.card.refresh()
        o.present.load()
        o.history.refresh()
        _stage.value = o
    }
}
