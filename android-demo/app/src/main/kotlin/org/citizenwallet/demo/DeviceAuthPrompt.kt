package org.citizenwallet.demo

import android.app.Activity
import android.app.KeyguardManager
import android.content.Intent
import android.hardware.biometrics.BiometricManager
import android.hardware.biometrics.BiometricPrompt
import android.os.Build
import android.os.CancellationSignal
import androidx.activity.compose.LocalActivity
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.annotation.RequiresApi
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberUpdatedState

/**
 * Asks the citizen to confirm the phone's screen lock (PIN, pattern, password, or a strong
 * biometric), which unlocks the auth-bound Keystore key for [org.citizenwallet.demo.logic.DemoConfig.DEVICE_AUTH_TIMEOUT_SECS].
 * Android 11+: the system BiometricPrompt with device credential allowed. Android 8–10: the
 * Keyguard "confirm credential" screen (deprecated in API 29, still the way to ask for the device
 * credential alone there). Returns a function that shows the prompt.
 */
@Composable
fun rememberDeviceAuthPrompt(onResult: (confirmed: Boolean) -> Unit): () -> Unit {
    val activity = LocalActivity.current
    val currentOnResult = rememberUpdatedState(onResult)
    val confirmCredential = rememberLauncherForActivityResult(ActivityResultContracts.StartActivityForResult()) {
        currentOnResult.value(it.resultCode == Activity.RESULT_OK)
    }
    return remember(activity) {
        {
            when {
                activity == null -> currentOnResult.value(false)
                Build.VERSION.SDK_INT >= Build.VERSION_CODES.R -> showBiometricPrompt(activity) { currentOnResult.value(it) }
                else -> {
                    val intent = confirmCredentialIntent(activity)
                    if (intent == null) currentOnResult.value(false) else confirmCredential.launch(intent)
                }
            }
        }
    }
}

@RequiresApi(Build.VERSION_CODES.R)
private fun showBiometricPrompt(activity: Activity, onResult: (Boolean) -> Unit) {
    val prompt = BiometricPrompt.Builder(activity)
        .setTitle(TITLE)
        .setDescription(DESCRIPTION)
        // With DEVICE_CREDENTIAL allowed the system supplies the fallback: no negative button.
        .setAllowedAuthenticators(BiometricManager.Authenticators.BIOMETRIC_STRONG or BiometricManager.Authenticators.DEVICE_CREDENTIAL)
        .build()
    prompt.authenticate(
        CancellationSignal(),
        activity.mainExecutor,
        object : BiometricPrompt.AuthenticationCallback() {
            override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = onResult(true)

            override fun onAuthenticationError(errorCode: Int, errString: CharSequence) = onResult(false)
        },
    )
}

private fun confirmCredentialIntent(activity: Activity): Intent? {
    val keyguard = activity.getSystemService(KeyguardManager::class.java) ?: return null
    @Suppress("DEPRECATION")
    return keyguard.createConfirmDeviceCredentialIntent(TITLE, DESCRIPTION)
}

private const val TITLE = "Open your ID wallet"
private const val DESCRIPTION = "Confirm your phone's screen lock to use the wallet's key."
