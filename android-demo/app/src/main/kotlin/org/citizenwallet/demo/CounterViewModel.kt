package org.citizenwallet.demo

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import java.io.File
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import org.citizenwallet.Issuer
import org.citizenwallet.Verifier
import org.citizenwallet.VerifyException
import org.citizenwallet.demo.logic.CounterController
import org.citizenwallet.demo.logic.CounterState
import org.citizenwallet.demo.logic.DemoConfig
import org.citizenwallet.demo.logic.DemoCredentials

/** The counter side: a [CounterController] (JVM-tested) fed from the camera analyzer thread. */
class CounterViewModel(app: CitizenWalletApplication) : ViewModel() {
    private val worker = Dispatchers.Default.limitedParallelism(1)

    private val verifier: Verifier? = try {
        CounterController.verifier(app.trustListJson, File(app.filesDir, DemoConfig.REPLAY_DB_FILE_NAME).path)
    } catch (e: VerifyException) {
        null
    }
    private val counter: CounterController? = verifier?.let(::CounterController)

    /** Null when the verifier could not be set up (a broken trust-list asset). */
    val state: StateFlow<CounterState>? = counter?.state

    /** Called for every decoded camera frame; the controller verifies only the first while scanning. */
    fun onQrText(text: String) {
        if (counter?.state?.value is CounterState.Scanning) viewModelScope.launch(worker) { counter.onQrText(text) }
    }

    fun scanNext() {
        viewModelScope.launch(worker) { counter?.scanNext() }
    }

    /**
     * Demo only: loads a status list from the bundled TEST issuer that revokes the demo identity
     * credential, to show a revoked verdict. A real counter downloads its issuers' lists.
     */
    fun simulateRevocation() {
        viewModelScope.launch(worker) {
            val token = Issuer.demo().use { it.statusListToken(64u, revoked = listOf(DemoCredentials.IDENTITY_STATUS_INDEX)) }
            counter?.loadStatusList(token)
        }
    }

    override fun onCleared() {
        verifier?.close()
    }
}
