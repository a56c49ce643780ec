package org.citizenwallet.demo.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.citizenwallet.demo.WalletViewModel
import org.citizenwallet.demo.logic.AnswerController
import org.citizenwallet.demo.logic.AnswerState

/**
 * Answering a counter's signed request: scan its QR, review who asks and for what (the photo is a
 * separate switch, off even when asked for), approve, show the answer QR. State lives in
 * [AnswerController] (JVM-tested); this only draws it.
 */
@Composable
fun AnswerScreen(answer: AnswerController, vm: WalletViewModel, onDone: () -> Unit) {
    val state by answer.state.collectAsStateWithLifecycle()
    // Leaving takes the answer down and forgets the request.
    DisposableEffect(answer) { onDispose { vm.answer { reset() } } }
    val done = {
        vm.answer { reset() }
        onDone()
    }
    when (val s = state) {
        AnswerState.Waiting -> Column(Modifier.fillMaxSize()) {
            CameraScanning(
                // The camera sees the code in many frames: queue work only while still waiting.
                onText = { text -> if (answer.state.value == AnswerState.Waiting) vm.answer { onRequestText(text) } },
                hint = "Point the camera at the counter's request QR code",
            ) {
                OutlinedButton(onClick = done, modifier = Modifier.padding(horizontal = 16.dp)) { Text("Cancel") }
            }
        }
        is AnswerState.Reviewing -> Column(
            Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            Text(s.counterName, style = MaterialTheme.typography.headlineSmall)
            Text(
                if (s.registered) "Registered counter" else "NOT REGISTERED: every detail here is the requester's own claim",
                fontWeight = FontWeight.Bold,
                color = if (s.registered) MaterialTheme.colorScheme.primary else MaterialTheme.colorScheme.error,
            )
            Text("Purpose: ${s.purpose}")
            Text("It asks for:", style = MaterialTheme.typography.titleMedium)
            s.claims.forEach { c ->
                Row(verticalAlignment = Alignment.CenterVertically) {
                    Checkbox(checked = c.selected, onCheckedChange = { vm.answer { toggleClaim(c.name) } })
                    Text(if (c.name in s.overAsking) "${c.label} (not registered to ask for this)" else c.label)
                }
            }
            if (s.photoRequested) {
                Row(verticalAlignment = Alignment.CenterVertically) {
                    Switch(checked = s.withPhoto, onCheckedChange = { on -> vm.answer { setWithPhoto(on) } })
                    Text("  With photo (your face image; off unless you turn it on)")
                }
            }
            s.message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            Button(onClick = { vm.answer { approve() } }, modifier = Modifier.fillMaxWidth()) { Text("Share") }
            if (!s.registered && s.message != null) {
                OutlinedButton(onClick = { vm.answer { approve(unregisteredConfirmed = true) } }, modifier = Modifier.fillMaxWidth()) {
                    Text("Share with this unregistered counter anyway")
                }
            }
            OutlinedButton(onClick = done, modifier = Modifier.fillMaxWidth()) { Text("Decline") }
        }
        is AnswerState.Answered -> Column(
            Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
            horizontalAlignment = Alignment.CenterHorizontally,
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            QrImage(s.qr, Modifier.fillMaxWidth())
            Text("For: ${s.counterName}")
            Text("Shows: ${s.disclosed.joinToString(", ")}")
            OutlinedButton(onClick = done) { Text("Done") }
        }
        is AnswerState.Refused -> Column(Modifier.padding(24.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            Text(s.message, color = MaterialTheme.colorScheme.error)
            Button(onClick = { vm.answer { reset() } }) { Text("Scan again") }
            OutlinedButton(onClick = done) { Text("Back") }
        }
    }
}
