package org.citizenwallet.demo.logic

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.citizenwallet.Verifier
import org.citizenwallet.VerifierPolicy
import org.citizenwallet.VerifyException

sealed interface CounterState {
    /** The camera is looking for a QR code. */
    data object Scanning : CounterState

    data class Result(val verdict: Verdict) : CounterState

    /**
     * A status list was refused (untrusted signer, damaged). Revocation checking is on from the
     * first list offered, refused or not, so credentials whose issuer list is missing are rejected
     * (StatusListMissing) until a valid one is loaded: the counter fails closed.
     */
    data class SetupProblem(val message: String) : CounterState
}

/**
 * The counter side: turns scanned QR text into a [Verdict]. The camera delivers the same code in
 * many frames; only the first one while [CounterState.Scanning] is verified, and the result stays
 * until [scanNext]. (Verifying every frame would turn one honest scan into "Replayed".)
 */
class CounterController(private val verifier: Verifier) {
    private val _state = MutableStateFlow<CounterState>(CounterState.Scanning)
    val state: StateFlow<CounterState> = _state.asStateFlow()

    /** Text decoded from a camera frame (or typed/pasted for tests). Ignored unless scanning. */
    fun onQrText(text: String) {
        if (_state.value != CounterState.Scanning) return
        _state.value = CounterState.Result(
            try {
                Verdicts.of(verifier.scan(text))
            } catch (e: VerifyException) {
                Verdicts.rejected(e)
            },
        )
    }

    /** Back to scanning, after a verdict or after a set-up problem was shown (the verifier still works). */
    fun scanNext() {
        _state.value = CounterState.Scanning
    }

    /**
     * Loads an issuer's Status List Token (fetched while online, e.g. daily); from then on
     * revocation is checked offline. Returns false (and says why) if the token was not accepted.
     */
    fun loadStatusList(token: ByteArray): Boolean = try {
        verifier.addStatusList(token)
        true
    } catch (e: VerifyException) {
        _state.value = CounterState.SetupProblem(e.message ?: "The status list was not accepted.")
        false
    }

    companion object {
        /**
         * The demo counter's verifier: the bundled trust list, this counter's [audience], and a replay
         * memory in [replayDatabasePath] (survives restarts) so a photo of a QR shown once is refused
         * if shown again.
         */
        fun verifier(trustListJson: String, replayDatabasePath: String?, audience: String = DemoConfig.COUNTER_AUDIENCE): Verifier =
            Verifier(trustListJson, VerifierPolicy(audience = audience)).also {
                it.enableReplayProtection(replayDatabasePath)
            }
    }
}

/**
 * The counter's verifier, made on first use rather than at app start: opening the trust list and
 * the SQLite replay memory costs time and disk work the citizen side never needs. The app calls
 * [open] (on its worker thread) when the Verify tab is shown; until then nothing is created.
 */
class LazyCounter(private val makeVerifier: () -> Verifier) {
    sealed interface Stage {
        data object NotOpened : Stage
        data class Ready(val counter: CounterController) : Stage

        /** The verifier could not be made (a broken trust list, an unwritable replay file). */
        data class Broken(val message: String) : Stage
    }

    private val _stage = MutableStateFlow<Stage>(Stage.NotOpened)
    val stage: StateFlow<Stage> = _stage.asStateFlow()

    private var verifier: Verifier? = null

    /** Makes the verifier once; later calls (and calls after a failure) return what the first gave. */
    @Synchronized
    fun open(): Stage {
        val s = _stage.value
        if (s != Stage.NotOpened) return s
        _stage.value = try {
            val v = makeVerifier()
            verifier = v
            Stage.Ready(CounterController(v))
        } catch (e: VerifyException) {
            Stage.Broken(e.message ?: "The verifier could not load its trust list.")
        }
        return _stage.value
    }

    /** The counter, if [open] has made one. */
    val counter: CounterController?
        get() = (_stage.value as? Stage.Ready)?.counter

    /** Releases the verifier (its replay database) if one was made. */
    @Synchronized
    fun close() {
        verifier?.close()
        verifier = null
    }
}
