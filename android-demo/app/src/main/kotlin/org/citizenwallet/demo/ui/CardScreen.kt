package org.citizenwallet.demo.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.ElevatedCard
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.citizenwallet.demo.WalletViewModel
import org.citizenwallet.demo.logic.CardController
import org.citizenwallet.demo.logic.ClaimRow
import org.citizenwallet.demo.logic.IdCard

@Composable
fun CardScreen(card: CardController, vm: WalletViewModel) {
    val state by card.state.collectAsStateWithLifecycle()
    LaunchedEffect(card) { vm.refreshCard() }
    LazyColumn(
        Modifier.fillMaxWidth(),
        contentPadding = androidx.compose.foundation.layout.PaddingValues(16.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp),
    ) {
        item {
            Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
                Text("My ID", style = MaterialTheme.typography.headlineSmall)
                OutlinedButton(onClick = { vm.lock() }) { Text("Lock") }
            }
            state.message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            if (state.cards.isEmpty() && !state.locked) Text("No credential yet.")
        }
        items(state.cards, key = { it.credentialId }) { IdCardView(it) }
    }
}

@Composable
private fun IdCardView(card: IdCard) {
    ElevatedCard(Modifier.fillMaxWidth()) {
        if (card.isTestData) TestDataBanner()
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            Text(card.title, style = MaterialTheme.typography.titleLarge)
            Text("Issued by ${card.issuer}", style = MaterialTheme.typography.bodySmall)
            Text("Valid ${formatDate(card.issuedAt)} – ${formatDate(card.expiresAt)}", style = MaterialTheme.typography.bodySmall)
            card.claims.forEach { ClaimLine(it) }
        }
    }
}

/** A claim: its value, or dots while the wallet is locked (the value is not in memory then). */
@Composable
fun ClaimLine(row: ClaimRow) {
    Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
        Text(row.label, style = MaterialTheme.typography.bodyMedium)
        Text(row.value ?: "••••••", fontWeight = FontWeight.SemiBold, style = MaterialTheme.typography.bodyMedium)
    }
}
