package org.citizenwallet.demo.logic

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException

sealed interface UnlockState {
    /**
     * Waiting for the PIN. [attemptsLeft]: wrong PINs left before the wallet erases itself (null when
     * it never does); [message] says what happened to the last try.
     */
    data class EnterPin(
        val entry: PinEntry = PinEntry.Empty,
        val message: String? = null,
        val attemptsLeft: Int? = null,
    ) : UnlockState

    data object Checking : UnlockState

    /** The core refuses PINs for a while after repeated wrong ones; the screen counts down. */
    data class LockedOut(val secondsLeft: Long, val attemptsLeft: Int?, val afterWrongPin: Boolean) : UnlockState

    data class DeviceKeyProblem(val issue: DeviceKeyIssue) : UnlockState

    data object Unlocked : UnlockState

    /** Too many wrong PINs with a wipe limit set: the keys are gone. */
    data object Wiped : UnlockState

    data class Failed(val message: String) : UnlockState
}

/**
 * The PIN screen in front of an existing wallet. The wallet is the authority on wrong PINs and
 * waits (it counts them in the file, across restarts); this class only shows what it says and
 * counts down with [clock]. The sixth digit submits.
 *
 * Event functions may block (Argon2id): call them off the main thread, one at a time.
 */
class UnlockController(
    private val wallet: Wallet,
    private val clock: Clock,
) {
    private val _state = MutableStateFlow<UnlockState>(UnlockState.EnterPin())
    val state: StateFlow<UnlockState> = _state.asStateFlow()

    private var lockedUntilMillis = 0L

    // The PIN typed when the device key asked for the screen lock; only while that problem shows.
    private var pendingEntry: PinEntry? = null
    private var pendingAttemptsLeft: Int? = null

    init {
        refresh()
    }

    /** Re-reads the wallet: a lockout or wipe recorded in the file shows even after an app restart. */
    fun refresh() {
        if (wallet.isUnlocked()) {
            _state.value = UnlockState.Unlocked
            return
        }
        _state.value = try {
            val status = wallet.unlockStatus()
            when {
                status.wiped -> UnlockState.Wiped
                status.retryAfterSecs > 0uL ->
                    lockedOut(status.retryAfterSecs.toLong(), status.attemptsLeft?.toInt(), afterWrongPin = false)
                else -> UnlockState.EnterPin(attemptsLeft = status.attemptsLeft?.toInt())
            }
        } catch (e: WalletException) {
            stateFor(e)
        }
    }

    fun digit(d: Char) {
        val s = _state.value as? UnlockState.EnterPin ?: return
        val entry = s.entry.plus(d)
        if (!entry.isComplete) {
            _state.value = s.copy(entry = entry)
            return
        }
        submit(entry, s.attemptsLeft)
    }

    private fun submit(entry: PinEntry, attemptsLeft: Int?) {
        pendingEntry = null
        _state.value = UnlockState.Checking
        val next = try {
            wallet.unlock(entry.value())
            UnlockState.Unlocked
        } catch (e: WalletException) {
            stateFor(e, attemptsLeft)
        }
        // The device key wants the screen lock confirmed first. The core asks the device key before
        // it counts a PIN attempt, so this PIN was not tried: keep it for [retry] after the prompt
        // rather than make the citizen type it again. Dropped on any other outcome.
        if (next == UnlockState.DeviceKeyProblem(DeviceKeyIssue.AuthenticationRequired)) {
            pendingEntry = entry
            pendingAttemptsLeft = attemptsLeft
        }
        _state.value = next
    }

    fun delete() {
        val s = _state.value as? UnlockState.EnterPin ?: return
        _state.value = s.copy(entry = s.entry.minusLast())
    }

    /** Call about once a second while [UnlockState.LockedOut] shows. */
    fun tick() {
        val s = _state.value as? UnlockState.LockedOut ?: return
        val left = clock.secondsUntil(lockedUntilMillis)
        _state.value = if (left == 0L) {
            UnlockState.EnterPin(message = "You can try again now.", attemptsLeft = s.attemptsLeft)
        } else {
            s.copy(secondsLeft = left)
        }
    }

    /**
     * After a device-key problem or a failure. When the device key asked for the screen lock and
     * the app's prompt succeeded, the PIN typed before is submitted again; otherwise the PIN screen
     * comes back. A lost key ([DeviceKeyIssue.KeyInvalidated]) cannot be retried, only erased.
     */
    fun retry() {
        when (val s = _state.value) {
            is UnlockState.DeviceKeyProblem -> when {
                s.issue == DeviceKeyIssue.KeyInvalidated -> Unit
                s.issue == DeviceKeyIssue.AuthenticationRequired && pendingEntry != null ->
                    submit(pendingEntry!!, pendingAttemptsLeft)
                else -> refresh()
            }
            is UnlockState.Failed -> refresh()
            else -> Unit
        }
    }

    /** The screen-lock prompt was cancelled: forget the typed PIN and show the PIN screen again. */
    fun authenticationCancelled() {
        if (_state.value != UnlockState.DeviceKeyProblem(DeviceKeyIssue.AuthenticationRequired)) return
        pendingEntry = null
        refresh()
        val s = _state.value
        if (s is UnlockState.EnterPin) _state.value = s.copy(message = "The phone's screen lock is needed to open the wallet.")
    }

    fun lock() {
        pendingEntry = null
        wallet.lock()
        refresh()
    }

    /** [attemptsLeftBefore]: what the screen knew; the LockedOut error does not repeat it. */
    private fun stateFor(e: WalletException, attemptsLeftBefore: Int? = null): UnlockState = when (e) {
        is WalletException.WrongPin -> {
            val attemptsLeft = e.attemptsLeft?.toInt()
            if (e.retryAfterSecs > 0uL) {
                lockedOut(e.retryAfterSecs.toLong(), attemptsLeft, afterWrongPin = true)
            } else {
                UnlockState.EnterPin(message = "Wrong PIN.", attemptsLeft = attemptsLeft)
            }
        }
        is WalletException.LockedOut ->
            lockedOut(e.retryAfterSecs.toLong(), attemptsLeftBefore, afterWrongPin = false)
        is WalletException.Wiped -> UnlockState.Wiped
        is WalletException.KeyWrapperFailed -> UnlockState.DeviceKeyProblem(DeviceKeyIssue.fromCode(e.code))
        else -> UnlockState.Failed(e.userMessage())
    }

    private fun lockedOut(seconds: Long, attemptsLeft: Int?, afterWrongPin: Boolean): UnlockState {
        lockedUntilMillis = clock.nowMillis() + seconds * 1000
        return UnlockState.LockedOut(seconds, attemptsLeft, afterWrongPin)
    }
}
