package org.citizenwallet.demo.ui

import android.Manifest
import android.content.Intent
import android.content.pm.PackageManager
import android.graphics.BitmapFactory
import android.net.Uri
import android.provider.Settings
import android.util.Size
import androidx.activity.compose.LocalActivity
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.compose.CameraXViewfinder
import androidx.camera.core.CameraInfoUnavailableException
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.Preview
import androidx.camera.core.SurfaceRequest
import androidx.camera.core.resolutionselector.ResolutionSelector
import androidx.camera.core.resolutionselector.ResolutionStrategy
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.lifecycle.awaitInstance
import androidx.compose.foundation.Image
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
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
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.FilterQuality
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import java.util.concurrent.Executors
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.awaitCancellation
import org.citizenwallet.demo.CounterViewModel
import org.citizenwallet.demo.logic.CameraAccess
import org.citizenwallet.demo.logic.CameraLens
import org.citizenwallet.demo.logic.CameraPermissionController
import org.citizenwallet.demo.logic.CounterState
import org.citizenwallet.demo.logic.LazyCounter
import org.citizenwallet.demo.logic.LumaBuffer
import org.citizenwallet.demo.logic.Portrait
import org.citizenwallet.demo.logic.PortraitView
import org.citizenwallet.demo.logic.QrFrameDecoder
import org.citizenwallet.demo.logic.Tone
import org.citizenwallet.demo.logic.Verdict

@Composable
fun VerifyScreen(vm: CounterViewModel) {
    // The verifier is made the first time this tab shows, on the ViewModel's worker.
    LaunchedEffect(Unit) { vm.open() }
    val stage by vm.stage.collectAsStateWithLifecycle()
    when (val st = stage) {
        LazyCounter.Stage.NotOpened -> Box(Modifier.fillMaxSize(), Alignment.Center) { CircularProgressIndicator() }
        is LazyCounter.Stage.Broken -> Text(st.message, Modifier.padding(24.dp))
        is LazyCounter.Stage.Ready -> {
            val state by st.counter.state.collectAsStateWithLifecycle()
            when (val s = state) {
                CounterState.Scanning -> Scanning(vm)
                is CounterState.Result -> VerdictView(s.verdict, vm)
                is CounterState.SetupProblem -> Column(Modifier.padding(24.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                    Text(s.message)
                    Button(onClick = { vm.scanNext() }) { Text("Continue scanning") }
                }
            }
        }
    }
}

@Composable
private fun Scanning(vm: CounterViewModel) {
    CameraScanning(onText = vm::onQrText, hint = "Point the camera at the citizen's QR code") {
        TextButton(onClick = { vm.simulateRevocation() }, modifier = Modifier.padding(horizontal = 8.dp)) {
            Text("Demo: load a TEST status list revoking the demo ID")
        }
    }
}

/**
 * The camera with its permission states (ask, refused, settings, no camera, camera errors), handing
 * each decoded QR text to [onText]: the counter's Verify tab and the wallet's "answer a request".
 */
@Composable
internal fun CameraScanning(onText: (String) -> Unit, hint: String, footer: @Composable () -> Unit = {}) {
    val context = LocalContext.current
    val activity = LocalActivity.current
    val access = remember {
        CameraPermissionController(hasCamera = context.packageManager.hasSystemFeature(PackageManager.FEATURE_CAMERA_ANY))
    }
    val state by access.state.collectAsStateWithLifecycle()
    fun granted() = context.checkSelfPermission(Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED
    fun rationale() = activity?.shouldShowRequestPermissionRationale(Manifest.permission.CAMERA) == true

    // Re-checked on every resume: the permission may have been granted or revoked in the settings.
    LifecycleEventEffect(Lifecycle.Event.ON_RESUME) { access.onResume(granted(), rationale()) }
    val ask = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) {
        access.onRequestResult(it, rationale())
    }
    Column(Modifier.fillMaxSize()) {
        val message = Modifier.weight(1f).padding(24.dp)
        when (val s = state) {
            CameraAccess.Granted -> QrScanner(
                onText = onText,
                onError = access::onCameraError,
                modifier = Modifier.fillMaxWidth().weight(1f),
            )
            is CameraAccess.NeedsPermission -> Column(message, verticalArrangement = Arrangement.spacedBy(12.dp)) {
                Text("The camera is needed to read QR codes.")
                Button(onClick = { ask.launch(Manifest.permission.CAMERA) }) { Text("Allow camera") }
            }
            CameraAccess.PermanentlyDenied -> Column(message, verticalArrangement = Arrangement.spacedBy(12.dp)) {
                Text("Camera access is off for this app. Turn it on in the app's settings to scan codes.")
                Button(onClick = {
                    context.startActivity(
                        Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null)),
                    )
                }) { Text("Open app settings") }
            }
            CameraAccess.NoCamera -> Text("This phone has no camera, so it cannot scan codes.", message)
            is CameraAccess.Unavailable -> Column(message, verticalArrangement = Arrangement.spacedBy(12.dp)) {
                Text("The camera could not be opened: ${s.message}")
                Button(onClick = access::retryCamera) { Text("Try again") }
            }
        }
        Text(hint, Modifier.padding(16.dp))
        footer()
    }
}

/**
 * CameraX preview plus an analyzer that hands each frame's Y plane to [QrFrameDecoder] (ZXing).
 * Frames arrive on a background executor; [onText] is called from there. The back camera is used
 * when there is one, else the front one; any failure to open or bind it goes to [onError] (on the
 * main thread) instead of crashing the app.
 */
@Composable
private fun QrScanner(onText: (String) -> Unit, onError: (String) -> Unit, modifier: Modifier) {
    val context = LocalContext.current
    val lifecycleOwner = LocalLifecycleOwner.current
    val currentOnText by rememberUpdatedState(onText)
    val currentOnError by rememberUpdatedState(onError)
    var surfaceRequest by remember { mutableStateOf<SurfaceRequest?>(null) }

    LaunchedEffect(lifecycleOwner) {
        val executor = Executors.newSingleThreadExecutor()
        var provider: ProcessCameraProvider? = null
        try {
            val p = ProcessCameraProvider.awaitInstance(context).also { provider = it }
            val lens = CameraLens.choose(
                hasBack = hasCamera(p, CameraSelector.DEFAULT_BACK_CAMERA),
                hasFront = hasCamera(p, CameraSelector.DEFAULT_FRONT_CAMERA),
            )
            if (lens == null) {
                currentOnError("no usable camera was found")
                return@LaunchedEffect
            }
            val selector = if (lens == CameraLens.Back) CameraSelector.DEFAULT_BACK_CAMERA else CameraSelector.DEFAULT_FRONT_CAMERA
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
            // Both used on the executor's one thread only.
            val decoder = QrFrameDecoder()
            val luma = LumaBuffer()
            analysis.setAnalyzer(executor) { image ->
                image.use {
                    val y = it.planes[0] // YUV_420_888: one byte per pixel, rows rowStride apart
                    val bytes = luma.fill(y.buffer, y.rowStride, it.height)
                    decoder.decode(bytes, it.width, it.height, y.rowStride)?.let(currentOnText)
                }
            }
            p.unbindAll()
            p.bindToLifecycle(lifecycleOwner, selector, preview, analysis)
            awaitCancellation()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            // CameraX reports a camera in use, disabled by policy or gone as exceptions from
            // awaitInstance / bindToLifecycle (IllegalArgumentException, CameraUnavailableException...).
            currentOnError(e.message ?: e.javaClass.simpleName)
        } finally {
            provider?.unbindAll()
            executor.shutdown()
        }
    }
    Box(modifier.background(Color.Black)) {
        surfaceRequest?.let { CameraXViewfinder(surfaceRequest = it, modifier = Modifier.fillMaxSize()) }
    }
}

/** `hasCamera` throws when the camera's info cannot be read; count that as no camera. */
private fun hasCamera(provider: ProcessCameraProvider, selector: CameraSelector): Boolean = try {
    provider.hasCamera(selector)
} catch (e: CameraInfoUnavailableException) {
    false
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
            // An expired trust bundle the demo build still uses: on every verdict, first.
            verdict.trustWarning?.let { warning ->
                Text(
                    "TRUST LIST OUT OF DATE: $warning",
                    color = Color.White,
                    fontWeight = FontWeight.Bold,
                    modifier = Modifier.fillMaxWidth().background(Tone.Amber.color()).padding(12.dp),
                )
            }
            when (verdict) {
                is Verdict.Accepted -> {
                    if (verdict.isTestIssuer) TestDataBanner()
                    Text(verdict.credentialTitle, style = MaterialTheme.typography.titleLarge)
                    val portrait = verdict.portrait
                    if (portrait == null) {
                        verdict.claims.forEach { ClaimLine(it) }
                    } else {
                        // The face, large, beside the name and the other claims: the clerk's first check.
                        Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
                            PortraitImage(portrait, Modifier.width(160.dp))
                            Column(Modifier.weight(1f), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                                verdict.claims.forEach { ClaimLine(it) }
                            }
                        }
                    }
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

/**
 * The disclosed portrait decoded by BitmapFactory (WebP since API 14). Bytes it cannot decode give
 * the typed [PortraitView.NotDecodable] message, never an empty frame. The bitmap lives only in
 * this composition: nothing is written to disk or logged.
 */
@Composable
private fun PortraitImage(portrait: Portrait, modifier: Modifier = Modifier) {
    val view = remember(portrait) {
        portrait.decodeWith { bytes -> BitmapFactory.decodeByteArray(bytes, 0, bytes.size)?.asImageBitmap() }
    }
    when (view) {
        is PortraitView.Shown -> Image(
            bitmap = view.image,
            contentDescription = "Portrait of the holder",
            contentScale = ContentScale.Fit,
            filterQuality = FilterQuality.Low,
            modifier = modifier.aspectRatio(3f / 4f).background(Color.LightGray),
        )
        is PortraitView.NotDecodable -> Text(
            view.message,
            color = Color.White,
            fontWeight = FontWeight.Bold,
            modifier = modifier.background(Tone.Red.color()).padding(8.dp),
        )
    }
}
