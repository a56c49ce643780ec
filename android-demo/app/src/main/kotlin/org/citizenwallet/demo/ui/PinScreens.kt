package org.citizenwallet.demo.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.border
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.FilledTonalButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.citizenwallet.demo.WalletViewModel
import org.citizenwallet.demo.rememberDeviceAuthPrompt
import org.citizenwallet.demo.logic.DeviceKeyIssue
import org.citizenwallet.demo.logic.Onboarding
import org.citizenwallet.demo.logic.OnboardingState
import org.citizenwallet.demo.logic.PinEntry
import org.citizenwallet.demo.logic.PinRules
import org.citizenwallet.demo.logic.UnlockController
import org.citizenwallet.demo.logic.UnlockState

/** Dots for the digits typed, and a 3×4 keypad. No system keyboard: no suggestions, no clipboard. */
@Composable
fun PinPad(
    entry: PinEntry,
    onDigit: (Char) -> Unit,
    onDelete: () -> Unit,
    enabled: Boolean = true,
) {
    Column(horizontalAlignment = Alignment.CenterHorizontally) {
        Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
            repeat(PinRules.LENGTH) { i ->
                val filled = i < entry.length
                Box(
                    Modifier.size(16.dp)
                        .border(2.dp, MaterialTheme.colorScheme.primary, CircleShape)
                        .background(if (filled) MaterialTheme.colorScheme.primary else MaterialTheme.colorScheme.surface, CircleShape),
                )
            }
        }
        Spacer(Modifier.height(24.dp))
        val rows = listOf("123", "456", "789", " 0<")
        rows.forEach { row ->
            Row(horizontalArrangement = Arrangement.spacedBy(16.dp)) {
                row.forEach { key ->
                    Box(Modifier.size(72.dp), contentAlignment = Alignment.Center) {
                        when (key) {
                            ' ' -> Unit
                            '<' -> TextButton(onClick = onDelete, enabled = enabled && entry.length > 0) { Text("⌫") }
                            else -> FilledTonalButton(onClick = { onDigit(key) }, enabled = enabled, modifier = Modifier.size(64.dp)) {
                                Text(key.toString(), style = MaterialTheme.typography.titleLarge)
                            }
                        }
                    }
                }
            }
            Spacer(Modifier.height(8.dp))
        }
    }
}

@Composable
private fun Centered(content: @Composable () -> Unit) {
    Column(
        Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(24.dp),
        horizontalAlignment = Alignment.CenterHorizontally,
        verticalArrangement = Arrangement.Center,
    ) { content() }
}

@Composable
fun TestDataBanner() {
    Text(
        "TEST DATA — demo issuer, fictional citizen. Not a real ID.",
        color = MaterialTheme.colorScheme.onError,
        fontWeight = FontWeight.Bold,
        modifier = Modifier.fillMaxWidth().background(TestDataColor).padding(8.dp),
        textAlign = TextAlign.Center,
    )
}

@Composable
fun OnboardingScreen(onboarding: Onboarding, vm: WalletViewModel) {
    val state by onboarding.state.collectAsStateWithLifecycle()
    Centered {
        when (val s = state) {
            OnboardingState.Welcome -> {
                Text("Citizen Wallet", style = MaterialTheme.typography.headlineMedium)
                Spacer(Modifier.height(12.dp))
                Text(
                    "Keeps your ID on this phone, encrypted, and shows a short-lived QR code that reveals " +
                        "only what a counter needs. Protected by a 6-digit PIN and this phone's secure hardware.",
                    textAlign = TextAlign.Center,
                )
                Spacer(Modifier.height(12.dp))
                TestDataBanner()
                Spacer(Modifier.height(24.dp))
                Button(onClick = { vm.onboarding { start() } }) { Text("Set up") }
            }
            is OnboardingState.ChoosePin -> {
                Text("Choose a 6-digit PIN", style = MaterialTheme.typography.titleLarge)
                s.problem?.let { Text(it, color = MaterialTheme.colorScheme.error, textAlign = TextAlign.Center) }
                Spacer(Modifier.height(24.dp))
                PinPad(s.entry, { d -> vm.onboarding { digit(d) } }, { vm.onboarding { delete() } })
                TextButton(onClick = { vm.onboarding { back() } }) { Text("Back") }
            }
            is OnboardingState.ConfirmPin -> {
                Text("Enter the PIN again", style = MaterialTheme.typography.titleLarge)
                Spacer(Modifier.height(24.dp))
                PinPad(s.entry, { d -> vm.onboarding { digit(d) } }, { vm.onboarding { delete() } })
                TextButton(onClick = { vm.onboarding { back() } }) { Text("Choose another PIN") }
            }
            OnboardingState.Creating, OnboardingState.Importing -> CircularProgressIndicator()
            OnboardingState.OfferDemoCredentials -> {
                Text("Your wallet is ready", style = MaterialTheme.typography.titleLarge)
                Spacer(Modifier.height(12.dp))
                TestDataBanner()
                Spacer(Modifier.height(12.dp))
                Text(
                    "This demo has no real issuer. Add an ID issued by the bundled TEST issuer to a fictional citizen?",
                    textAlign = TextAlign.Center,
                )
                Spacer(Modifier.height(24.dp))
                Button(onClick = { vm.onboarding { addDemoCredentials() } }) { Text("Add TEST ID") }
                OutlinedButton(onClick = { vm.onboarding { skipDemoCredentials() } }) { Text("Skip") }
            }
            is OnboardingState.Done -> CircularProgressIndicator() // the session moves on
            is OnboardingState.Failed -> {
                Text(s.message, color = MaterialTheme.colorScheme.error, textAlign = TextAlign.Center)
                if (s.deviceKeyIssue == DeviceKeyIssue.AuthenticationRequired) {
                    // The new key needs the screen lock confirmed; the chosen PIN is kept meanwhile.
                    ScreenLockPrompt(
                        onConfirmed = { vm.onboarding { retry() } },
                        onCancelled = { vm.onboarding { authenticationCancelled() } },
                    )
                } else {
                    Button(onClick = { vm.onboarding { retry() } }) { Text("Try again") }
                }
            }
        }
    }
}

@Composable
fun UnlockScreen(unlock: UnlockController, vm: WalletViewModel) {
    val state by unlock.state.collectAsStateWithLifecycle()
    Centered {
        Text("Enter your PIN", style = MaterialTheme.typography.titleLarge)
        Spacer(Modifier.height(16.dp))
        when (val s = state) {
            is UnlockState.EnterPin -> {
                s.message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
                s.attemptsLeft?.let { Text("$it attempts left before the wallet erases itself") }
                Spacer(Modifier.height(16.dp))
                PinPad(s.entry, { d -> vm.unlock { digit(d) } }, { vm.unlock { delete() } })
            }
            UnlockState.Checking -> CircularProgressIndicator()
            is UnlockState.LockedOut -> {
                if (s.afterWrongPin) Text("Wrong PIN.", color = MaterialTheme.colorScheme.error)
                Text("Too many wrong PINs. Try again in ${formatCountdown(s.secondsLeft)}.", textAlign = TextAlign.Center)
                s.attemptsLeft?.let { Text("$it attempts left before the wallet erases itself") }
                Spacer(Modifier.height(16.dp))
                PinPad(PinEntry.Empty, {}, {}, enabled = false)
            }
            is UnlockState.DeviceKeyProblem -> {
                Text(s.issue.message, textAlign = TextAlign.Center)
                Spacer(Modifier.height(16.dp))
                when (s.issue) {
                    DeviceKeyIssue.KeyInvalidated ->
                        Button(onClick = { vm.eraseAndStartOver() }) { Text("Erase and set up again") }
                    // Without the prompt, "Try again" would fail the same way for ever.
                    DeviceKeyIssue.AuthenticationRequired -> ScreenLockPrompt(
                        onConfirmed = { vm.unlock { retry() } },
                        onCancelled = { vm.unlock { authenticationCancelled() } },
                    )
                    DeviceKeyIssue.Rejected, DeviceKeyIssue.Platform ->
                        Button(onClick = { vm.unlock { retry() } }) { Text("Try again") }
                }
            }
            UnlockState.Unlocked -> CircularProgressIndicator()
            UnlockState.Wiped -> {
                Text("Too many wrong PINs: the wallet erased its keys.", textAlign = TextAlign.Center)
                Button(onClick = { vm.eraseAndStartOver() }) { Text("Set up again") }
            }
            is UnlockState.Failed -> {
                Text(s.message, color = MaterialTheme.colorScheme.error, textAlign = TextAlign.Center)
                Button(onClick = { vm.unlock { retry() } }) { Text("Try again") }
            }
        }
    }
}

/**
 * Shows the system screen-lock prompt once when it appears, and a button to show it again. On
 * success the caller retries with the PIN it kept; on cancel it forgets that PIN.
 */
@Composable
private fun ScreenLockPrompt(onConfirmed: () -> Unit, onCancelled: () -> Unit) {
    val prompt = rememberDeviceAuthPrompt { confirmed -> if (confirmed) onConfirmed() else onCancelled() }
    LaunchedEffect(Unit) { prompt() }
    Button(onClick = prompt) { Text("Confirm screen lock") }
}
