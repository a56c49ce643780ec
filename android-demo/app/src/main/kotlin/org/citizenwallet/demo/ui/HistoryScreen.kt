package org.citizenwallet.demo.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedCard
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.citizenwallet.demo.WalletViewModel
import org.citizenwallet.demo.logic.HistoryController

@Composable
fun HistoryScreen(history: HistoryController, vm: WalletViewModel) {
    val state by history.state.collectAsStateWithLifecycle()
    LaunchedEffect(history) { vm.history { refresh() } }
    LazyColumn(contentPadding = PaddingValues(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        item {
            Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
                Text("Shown to", style = MaterialTheme.typography.headlineSmall)
                if (state.rows.isNotEmpty()) TextButton(onClick = { vm.history { clear() } }) { Text("Clear all") }
            }
            Text(
                "Kept encrypted on this phone only: when, to whom and which fields — never the values.",
                style = MaterialTheme.typography.bodySmall,
            )
            state.message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            if (state.rows.isEmpty()) Text("Nothing shown yet.")
        }
        items(state.rows, key = { it.id }) { row ->
            OutlinedCard(Modifier.fillMaxWidth()) {
                Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                    Text(formatDateTime(row.presentedAt), style = MaterialTheme.typography.titleSmall)
                    Text("${row.audience} · ${row.credentialTitle}")
                    Text(row.disclosed.joinToString(", "), style = MaterialTheme.typography.bodySmall)
                    TextButton(onClick = { vm.history { delete(row.id) } }) { Text("Delete") }
                }
            }
        }
    }
}
