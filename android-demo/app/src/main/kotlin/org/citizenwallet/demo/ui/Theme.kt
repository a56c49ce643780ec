package org.citizenwallet.demo.ui

import android.os.Build
import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.dynamicDarkColorScheme
import androidx.compose.material3.dynamicLightColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import org.citizenwallet.demo.logic.Tone

@Composable
fun DemoTheme(content: @Composable () -> Unit) {
    val dark = isSystemInDarkTheme()
    val colors = when {
        Build.VERSION.SDK_INT >= Build.VERSION_CODES.S ->
            if (dark) dynamicDarkColorScheme(LocalContext.current) else dynamicLightColorScheme(LocalContext.current)
        dark -> darkColorScheme()
        else -> lightColorScheme()
    }
    MaterialTheme(colorScheme = colors, content = content)
}

/** Verdict colours are fixed, not themed: staff read them at a glance. */
fun Tone.color(): Color = when (this) {
    Tone.Green -> Color(0xFF1B7F3B)
    Tone.Amber -> Color(0xFFB26A00)
    Tone.Red -> Color(0xFFB3261E)
}

/** The TEST DATA badge colour. */
val TestDataColor = Color(0xFFB26A00)
