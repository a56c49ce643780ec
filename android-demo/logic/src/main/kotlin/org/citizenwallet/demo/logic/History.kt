package org.citizenwallet.demo.logic

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.citizenwallet.Wallet
import org.citizenwallet.WalletException

/** One presentation the citizen made: when, to whom, which claims (names only: the log keeps no values). */
data class HistoryRow(
    val id: Long,
    /** Unix seconds. */
    val presentedAt: Long,
    val expiresAt: Long,
    val audience: String,
    val credentialTitle: String,
    val disclosed: List<String>,
)

data class HistoryState(
    val rows: List<HistoryRow> = emptyList(),
    val locked: Boolean = true,
    val message: String? = null,
)

/** The history screen, newest first, from the wallet's encrypted presentation log. */
class HistoryController(private val wallet: Wallet) {
    private val _state = MutableStateFlow(HistoryState())
    val state: StateFlow<HistoryState> = _state.asStateFlow()

    fun refresh() {
        if (!wallet.isUnlocked()) {
            _state.value = HistoryState(locked = true)
            return
        }
        _state.value = try {
            val titles = wallet.listCredentials().associate { it.id to titleOf(it.docType) }
            val rows = wallet.presentationLog()
                .sortedWith(compareByDescending<org.citizenwallet.LogEntry> { it.presentedAt }.thenByDescending { it.id })
                .map { e ->
                    HistoryRow(
                        id = e.id,
                        presentedAt = e.presentedAt,
                        expiresAt = e.expiresAt,
                        audience = e.audience,
                        credentialTitle = titles[e.credentialId] ?: "Deleted credential",
                        disclosed = ClaimLabels.sorted(e.disclosed).map(ClaimLabels::label),
                    )
                }
            HistoryState(rows = rows, locked = false)
        } catch (e: WalletException) {
            HistoryState(locked = !wallet.isUnlocked(), message = e.userMessage())
        }
    }

    fun delete(id: Long) = edit { wallet.deleteLogEntry(id) }

    fun clear() = edit { wallet.clearLog() }

    private fun edit(change: () -> Unit) {
        try {
            change()
            refresh()
        } catch (e: WalletException) {
            _state.value = _state.value.copy(message = e.userMessage())
        }
    }
}
