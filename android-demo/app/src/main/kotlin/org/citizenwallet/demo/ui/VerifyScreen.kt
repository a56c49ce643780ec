package org.citizenwallet.demo.ui

import android.Manifest
import android.content.pm.PackageManager
import android.util.Size
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.compose.CameraXViewfinder
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.Preview
import androidx.camera.core.SurfaceRequest
import androidx.camera.core.resolutionselector.ResolutionSelector
import androidx.camera.core.resolutionselector.ResolutionStrategy
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.lifecycle.awaitInstance
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberUpdatedState
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import java.util.concurrent.Executors
import kotlinx.coroutines.awaitCancellation
import org.citizenwallet.demo.CounterViewModel
import org.citizenwallet.demo.logic.CounterState
import org.citizenwallet.demo.logic.QrFrameDecoder
import org.citizenwallet.demo.logic.Verdict

@Composable
fun VerifyScreen(vm: CounterViewModel) {
    val stateFlow = vm.state
    if (stateFlow == null) {
        Text("The verifier could not load its trust list.", Modifier.padding(24.dp))
        return
    }
    val state by stateFlow.collectAsStateWithLifecycle()
    when (val s = state) {
        CounterState.Scanning -> Scanning(vm)
        is CounterState.Result -> VerdictView(s.verdict, vm)
        is CounterState.SetupProblem -> Column(Modifier.padding(24.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            Text(s.message)
            Button(onClick = { vm.scanNext() }) { Text("Continue scanning") }
        }
    }
}

@Composable
private fun Scanning(vm: CounterViewModel) {
    val context = LocalContext.current
    var granted by remember {
        mutableStateOf(context.checkSelfPermission(Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED)
    }
    val ask = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted = it }
    Column(Modifier.fillMaxSize()) {
        if (granted) {
            QrScanner(onText = vm::onQrText, modifier = Modifier.fillMaxWidth().weight(1f))
        } else {
            Column(Modifier.weight(1f).padding(24.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                Text("The counter needs the camera to read the citizen's QR code.")
                Button(onClick = { ask.launch(Manifest.permission.CAMERA) }) { Text("Allow camera") }
            }
        }
        Text("Point the camera at the citizen's QR code", Modifier.padding(16.dp))
        TextButton(onClick = { vm.simulateRevocation() }, modifier = Modifier.padding(horizontal = 8.dp)) {
            Text("Demo: load a TEST status list revoking the demo ID")
        }
    }
}

/**
 * CameraX preview plus an analyzer that hands each frame's Y plane to [QrFrameDecoder] (ZXing).
 * Frames arrive on a background executor; [onText] is called from there.
 */
@Composable
private fun QrScanner(onText: (String) -> Unit, modifier: Modifier) {
    val context = LocalContext.current
    val lifecycleOwner = LocalLifecycleOwner.current
    val currentOnText by rememberUpdatedState(onText)
    var surfaceRequest by remember { mutableStateOf<SurfaceRequest?>(null) }

    LaunchedEffect(lifecycleOwner) {
        val provider = ProcessCameraProvider.awaitInstance(context)
        val preview = Preview.Builder().build().apply { setSurfaceProvider { surfaceRequest = it } }
        val analysis = ImageAnalysis.Builder()
            // Dense codes (version 20+) need ~3 px per module: 720p is plenty and fast to decode.
            .setResolutionSelector(
                ResolutionSelector.Builder()
                    .setResolutionStrategy(
                        ResolutionStrategy(Size(1280, 720), ResolutionStrategy.FALLBACK_RULE_CLOSEST_HIGHER_THEN_LOWER),
                    )
                    .build(),
            )
            .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
            .build()
        val executor = Executors.newSingleThreadExecutor()
        val decoder = QrFrameDecoder()
        analysis.setAnalyzer(executor) { image ->
            image.use {
                val y = it.planes[0] // YUV_420_888: one byte per pixel, rows rowStride apart
                val bytes = ByteArray(y.buffer.remaining()).also { b -> y.buffer.get(b) }
                decoder.decode(bytes, it.width, it.height, y.rowStride)?.let(currentOnText)
            }
        }
        try {
            provider.unbindAll()
            provider.bindToLifecycle(lifecycleOwner, CameraSelector.DEFAULT_BACK_CAMERA, preview, analysis)
            awaitCancellation()
        } finally {
            provider.unbindAll()
            executor.shutdown()
        }
    }
    Box(modifier.background(Color.Black)) {
        surfaceRequest?.let { CameraXViewfinder(surfaceRequest = it, modifier = Modifier.fillMaxSize()) }
    }
}

@Composable
private fun VerdictView(verdict: Verdict, vm: CounterViewModel) {
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState())) {
        Text(
            verdict.headline,
            color = Color.White,
            style = MaterialTheme.typography.headlineMedium,
            fontWeight = FontWeight.Bold,
            modifier = Modifier.fillMaxWidth().background(verdict.tone.color()).padding(24.dp),
        )
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            when (verdict) {
                is Verdict.Accepted -> {
                    if (verdict.isTestIssuer) TestDataBanner()
                    Text(verdict.credentialTitle, style = MaterialTheme.typography.titleLarge)
                    verdict.claims.forEach { ClaimLine(it) }
                    Text("Issuer: ${verdict.issuerName ?: verdict.issuer} (${verdict.kid})")
                    Text("Shown ${formatDateTime(verdict.presentedAt)}, valid until ${formatDateTime(verdict.expiresAt)}")
                    Text(verdict.revocation)
                }
                is Verdict.Rejected -> {
                    Text(verdict.detail, style = MaterialTheme.typography.bodyLarge)
                    Text("Do not accept this code.", fontWeight = FontWeight.Bold)
                }
                is Verdict.UnsignedCard -> {
                    Text(verdict.notice, fontWeight = FontWeight.Bold)
                    verdict.fields.forEach { ClaimLine(it) }
                    Text("Check these against the physical card and the person; nothing here is signed.")
                }
            }
            Button(onClick = { vm.scanNext() }, modifier = Modifier.fillMaxWidth()) { Text("Scan next") }
        }
    }
}
