package org.citizenwallet.demo

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import java.io.File
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import org.citizenwallet.Issuer
import org.citizenwallet.demo.logic.CounterController
import org.citizenwallet.demo.logic.CounterState
import org.citizenwallet.demo.logic.DemoConfig
import org.citizenwallet.demo.logic.DemoCredentials
import org.citizenwallet.demo.logic.LazyCounter

/**
 * The counter side: a [CounterController] (JVM-tested) fed from the camera analyzer thread. The
 * verifier (signed trust store, SQLite replay memory) is made by [LazyCounter] on the worker when the
 * Verify tab first shows ([open]), not when the app starts.
 */
class CounterViewModel(app: CitizenWalletApplication) : ViewModel() {
    private val worker = Dispatchers.Default.limitedParallelism(1)

    private val lazyCounter = LazyCounter {
        CounterController.open(
            app.trust,
            File(app.filesDir, DemoConfig.COUNTER_TRUST_DIR_NAME),
            File(app.filesDir, DemoConfig.REPLAY_DB_FILE_NAME).path,
        )
    }

    /** NotOpened until [open]; then Ready (with the counter's state) or Broken (a refused trust bundle). */
    val stage: StateFlow<LazyCounter.Stage> = lazyCounter.stage

    /** The Verify tab is showing: make the verifier if not made yet (off the main thread). */
    fun open() {
        viewModelScope.launch(worker) { lazyCounter.open() }
    }

    /** Called for every decoded camera frame; the controller verifies only the first while scanning. */
    fun onQrText(text: String) {
        val counter = lazyCounter.counter ?: return
        if (counter.state.value is CounterState.Scanning) viewModelScope.launch(worker) { counter.onQrText(text) }
    }

    fun scanNext() {
        viewModelScope.launch(worker) { lazyCounter.counter?.scanNext() }
    }

    /**
     * Demo only: loads a status list from the bundled TEST issuer that revokes the demo identity
     * credential, to show a revoked verdict. A real counter downloads its issuers' lists.
     */
    fun simulateRevocation() {
        viewModelScope.launch(worker) {
            val counter = lazyCounter.counter ?: return@launch
            val token = Issuer.demo().use { it.statusListToken(64u, revoked = listOf(DemoCredentials.IDENTITY_STATUS_INDEX)) }
            counter.loadStatusList(token)
        }
    }

    override fun onCleared() {
        // The bindings' close waits for calls in flight before freeing the Rust object.
        lazyCounter.close()
    }
}
