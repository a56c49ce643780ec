package org.citizenwallet.demo.ui

import android.view.WindowManager
import androidx.activity.compose.LocalActivity
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.FilterChip
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.citizenwallet.demo.WalletViewModel
import org.citizenwallet.demo.logic.AnswerController
import org.citizenwallet.demo.logic.PresentController
import org.citizenwallet.demo.logic.PresentState
import org.citizenwallet.demo.logic.QrCode

@Composable
fun PresentScreen(present: PresentController, answer: AnswerController, vm: WalletViewModel) {
    var answering by rememberSaveable { mutableStateOf(false) }
    if (answering) {
        AnswerScreen(answer, vm, onDone = { answering = false })
        return
    }
    val state by present.state.collectAsStateWithLifecycle()
    // Leaving the tab takes the code down; otherwise it would keep refreshing (and being logged).
    DisposableEffect(present) { onDispose { vm.present { stop() } } }
    when (val s = state) {
        is PresentState.Choosing -> Column {
            OutlinedButton(onClick = { answering = true }, modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp)) {
                Text("Answer a counter's request (scan its QR code)")
            }
            Choosing(s, vm)
        }
        is PresentState.Showing -> Showing(s, vm)
        is PresentState.Failed -> Column(Modifier.padding(24.dp)) {
            Text(s.message, color = MaterialTheme.colorScheme.error)
            Button(onClick = { vm.present { stop() } }) { Text("Back") }
        }
    }
}

@Composable
private fun Choosing(s: PresentState.Choosing, vm: WalletViewModel) {
    Column(
        Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text("Show to the counter", style = MaterialTheme.typography.headlineSmall)
        s.message?.let { Text(it) }
        Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            s.credentials.forEach { c ->
                FilterChip(
                    selected = c.credentialId == s.credentialId,
                    onClick = { vm.present { chooseCredential(c.credentialId) } },
                    label = { Text(if (c.isTestData) "${c.title} (TEST)" else c.title) },
                )
            }
        }
        Text("What to show", style = MaterialTheme.typography.titleMedium)
        Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            s.presets.forEach { p ->
                FilterChip(selected = p == s.preset, onClick = { vm.present { choosePreset(p) } }, label = { Text(p.label) })
            }
        }
        s.claims.forEach { c ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = c.selected, onCheckedChange = { vm.present { toggleClaim(c.name) } })
                Text(c.label)
            }
        }
        if (s.photoAvailable) {
            // The photo is biometric data: shown only when the citizen ticks this, never by a preset.
            Row(verticalAlignment = Alignment.CenterVertically) {
                Switch(checked = s.withPhoto, onCheckedChange = { on -> vm.present { setWithPhoto(on) } })
                Text("  With photo (the counter sees your face image; the code gets denser)")
            }
        }
        Button(onClick = { vm.present { show() } }, enabled = s.canShow, modifier = Modifier.fillMaxWidth()) {
            Text(if (s.withPhoto) "Show QR code with photo" else "Show QR code")
        }
    }
}

@Composable
private fun Showing(s: PresentState.Showing, vm: WalletViewModel) {
    FullBrightness()
    Column(
        Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        QrImage(s.qr, Modifier.fillMaxWidth())
        LinearProgressIndicator(
            progress = { s.secondsLeft.toFloat() / s.lifetimeSecs },
            modifier = Modifier.fillMaxWidth(),
        )
        Text(
            "Valid for ${formatCountdown(s.secondsLeft)} · renews automatically",
            style = MaterialTheme.typography.titleMedium,
        )
        Text("For: ${s.audience}", style = MaterialTheme.typography.bodySmall)
        Text("Shows: ${s.disclosed.joinToString(", ")}", textAlign = TextAlign.Center)
        OutlinedButton(onClick = { vm.present { stop() } }) { Text("Done") }
    }
}

/** The code with its quiet zone, black on white whatever the theme, whole modules only. */
@Composable
fun QrImage(qr: QrCode, modifier: Modifier = Modifier) {
    val total = qr.size + 2 * QrCode.QUIET_ZONE
    Canvas(modifier.aspectRatio(1f).background(Color.White)) {
        val module = kotlin.math.floor(size.minDimension / total)
        val origin = (size.minDimension - module * total) / 2 + module * QrCode.QUIET_ZONE
        for (y in 0 until qr.size) for (x in 0 until qr.size) {
            if (qr.isDark(x, y)) {
                drawRect(Color.Black, Offset(origin + x * module, origin + y * module), Size(module, module))
            }
        }
    }
}

/** Full screen brightness (and screen kept on) while a code is shown; restored when it goes. */
@Composable
private fun FullBrightness() {
    val window = LocalActivity.current?.window ?: return
    DisposableEffect(window) {
        val before = window.attributes.screenBrightness
        window.attributes = window.attributes.apply { screenBrightness = WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_FULL }
        window.addFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
        onDispose {
            window.attributes = window.attributes.apply { screenBrightness = before }
            window.clearFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
        }
    }
}
