package org.citizenwallet.demo.logic

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.citizenwallet.IssuerException
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException

sealed interface OnboardingState {
    /** First run: what the app does, and that its credentials are TEST DATA. */
    data object Welcome : OnboardingState

    data class ChoosePin(val entry: PinEntry = PinEntry.Empty, val problem: String? = null) : OnboardingState

    data class ConfirmPin(val entry: PinEntry = PinEntry.Empty) : OnboardingState

    /** Argon2id and the device key are at work (a fraction of a second on a phone). */
    data object Creating : OnboardingState

    /** The wallet exists, unlocked and empty: offer the bundled TEST credentials. */
    data object OfferDemoCredentials : OnboardingState

    data object Importing : OnboardingState

    data class Done(val credentialIds: List<Long>) : OnboardingState

    /**
     * [deviceKeyIssue]: the device key refused (e.g. [DeviceKeyIssue.AuthenticationRequired]: the
     * app shows the screen-lock prompt, then [Onboarding.retry] creates the wallet with the PIN
     * already chosen).
     */
    data class Failed(val message: String, val deviceKeyIssue: DeviceKeyIssue? = null) : OnboardingState
}

/**
 * First run: choose a PIN (checked by [PinRules]), confirm it, create the wallet (PIN + device
 * key), then optionally import the TEST credentials. A ViewModel exposes [state] and forwards taps.
 *
 * Event functions may block (Argon2id, signing): call them off the main thread, one at a time.
 */
class Onboarding(
    private val file: WalletFile,
    private val demoCredentials: DemoCredentials,
) {
    private val _state = MutableStateFlow<OnboardingState>(OnboardingState.Welcome)
    val state: StateFlow<OnboardingState> = _state.asStateFlow()

    /** The created wallet (unlocked) once past [OnboardingState.Creating]; the app keeps it. */
    var wallet: Wallet? = null
        private set

    // Held only between the two entries; the bindings take the PIN as a String anyway.
    private var chosen: PinEntry? = null
    private var failedWhileCreating = false

    // The confirmed PIN, kept only while the device key waits for the screen-lock prompt.
    private var awaitingAuthentication: PinEntry? = null

    fun start() {
        if (_state.value == OnboardingState.Welcome) _state.value = OnboardingState.ChoosePin()
    }

    fun digit(d: Char) {
        when (val s = _state.value) {
            is OnboardingState.ChoosePin -> {
                val entry = s.entry.plus(d)
                if (!entry.isComplete) {
                    _state.value = s.copy(entry = entry)
                    return
                }
                val problem = PinRules.check(entry.value())
                if (problem != null) {
                    _state.value = OnboardingState.ChoosePin(problem = problem.message)
                } else {
                    chosen = entry
                    _state.value = OnboardingState.ConfirmPin()
                }
            }
            is OnboardingState.ConfirmPin -> {
                val entry = s.entry.plus(d)
                if (!entry.isComplete) {
                    _state.value = s.copy(entry = entry)
                } else if (entry != chosen) {
                    chosen = null
                    _state.value = OnboardingState.ChoosePin(problem = "The two PINs were different. Choose your PIN again.")
                } else {
                    create(entry)
                }
            }
            else -> Unit
        }
    }

    fun delete() {
        when (val s = _state.value) {
            is OnboardingState.ChoosePin -> _state.value = s.copy(entry = s.entry.minusLast())
            is OnboardingState.ConfirmPin -> _state.value = s.copy(entry = s.entry.minusLast())
            else -> Unit
        }
    }

    /** Confirm → choose again; choose → welcome. */
    fun back() {
        when (_state.value) {
            is OnboardingState.ConfirmPin -> {
                chosen = null
                _state.value = OnboardingState.ChoosePin()
            }
            is OnboardingState.ChoosePin -> _state.value = OnboardingState.Welcome
            else -> Unit
        }
    }

    fun addDemoCredentials() {
        val wallet = wallet ?: return
        if (_state.value != OnboardingState.OfferDemoCredentials) return
        _state.value = OnboardingState.Importing
        _state.value = try {
            OnboardingState.Done(demoCredentials.importInto(wallet))
        } catch (e: WalletException) {
            OnboardingState.Failed(e.userMessage())
        } catch (e: IssuerException) {
            OnboardingState.Failed("The demo issuer failed: ${e.message}")
        }
    }

    fun skipDemoCredentials() {
        if (_state.value == OnboardingState.OfferDemoCredentials) _state.value = OnboardingState.Done(emptyList())
    }

    /** After [OnboardingState.Failed]: back to the step that failed. */
    fun retry() {
        if (_state.value !is OnboardingState.Failed) return
        val keep = awaitingAuthentication
        _state.value = when {
            keep != null -> {
                create(keep)
                return
            }
            failedWhileCreating -> OnboardingState.ChoosePin()
            else -> OnboardingState.OfferDemoCredentials
        }
    }

    /** The screen-lock prompt was cancelled: forget the chosen PIN and start choosing again. */
    fun authenticationCancelled() {
        if (awaitingAuthentication == null) return
        awaitingAuthentication = null
        _state.value = OnboardingState.ChoosePin(problem = "The phone's screen lock is needed to protect the wallet.")
    }

    private fun create(pin: PinEntry) {
        _state.value = OnboardingState.Creating
        chosen = null
        awaitingAuthentication = null
        try {
            wallet = file.create(pin.value())
            failedWhileCreating = false
            _state.value = OnboardingState.OfferDemoCredentials
        } catch (e: WalletException) {
            failedWhileCreating = true
            val issue = (e as? WalletException.KeyWrapperFailed)?.let { DeviceKeyIssue.fromCode(it.code) }
            // Only the screen-lock confirmation is missing: keep the PIN for the retry after the prompt.
            if (issue == DeviceKeyIssue.AuthenticationRequired) awaitingAuthentication = pin
            _state.value = OnboardingState.Failed(e.userMessage(), issue)
        }
    }
}
