package org.citizenwallet.demo.ui

import androidx.activity.compose.LocalActivity
import androidx.annotation.DrawableRes
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.painterResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.ViewModelProvider.AndroidViewModelFactory.Companion.APPLICATION_KEY
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import org.citizenwallet.demo.CitizenWalletApplication
import org.citizenwallet.demo.CounterViewModel
import org.citizenwallet.demo.R
import org.citizenwallet.demo.WalletViewModel
import org.citizenwallet.demo.logic.WalletSession

private enum class Tab(val label: String, @DrawableRes val icon: Int) {
    // The app's own vector icons: android.R.drawable.ic_menu_* are not public API to rely on
    // (they differ between versions and vendors) and are bitmaps.
    Card("ID card", R.drawable.ic_tab_card),
    Present("Present", R.drawable.ic_tab_present),
    History("History", R.drawable.ic_tab_history),
    Verify("Verify", R.drawable.ic_tab_verify),
}

/** Citizen tabs (card, present, history) behind set-up / PIN; the counter's Verify tab needs no wallet. */
@Composable
fun DemoApp() {
    val wallet: WalletViewModel = viewModel { WalletViewModel(this[APPLICATION_KEY] as CitizenWalletApplication) }
    val counter: CounterViewModel = viewModel { CounterViewModel(this[APPLICATION_KEY] as CitizenWalletApplication) }
    var tab by rememberSaveable { mutableStateOf(Tab.Card) }
    val stage by wallet.stage.collectAsStateWithLifecycle()

    // Leaving the app locks the wallet: values and the live QR code leave memory. (Not on a
    // rotation, where the activity stops and restarts but the ViewModel and the user stay.)
    val activity = LocalActivity.current
    LifecycleEventEffect(Lifecycle.Event.ON_STOP) {
        if (activity?.isChangingConfigurations != true) wallet.lock()
    }

    Scaffold(
        bottomBar = {
            NavigationBar {
                Tab.entries.forEach { t ->
                    NavigationBarItem(
                        selected = tab == t,
                        onClick = { tab = t },
                        icon = { Icon(painterResource(t.icon), contentDescription = null) },
                        label = { Text(t.label) },
                    )
                }
            }
        },
    ) { padding ->
        Box(Modifier.padding(padding).fillMaxSize()) {
            if (tab == Tab.Verify) {
                VerifyScreen(counter)
                return@Box
            }
            when (val s = stage) {
                WalletSession.Stage.Starting -> Box(Modifier.fillMaxSize(), Alignment.Center) { CircularProgressIndicator() }
                is WalletSession.Stage.Setup -> OnboardingScreen(s.onboarding, wallet)
                is WalletSession.Stage.Locked -> UnlockScreen(s.unlock, wallet)
                is WalletSession.Stage.Open -> when (tab) {
                    Tab.Card -> CardScreen(s.card, wallet)
                    Tab.Present -> PresentScreen(s.present, s.answer, wallet)
                    Tab.History -> HistoryScreen(s.history, wallet)
                    Tab.Verify -> Unit
                }
                is WalletSession.Stage.Failed -> Column(Modifier.padding(24.dp)) {
                    Text(s.message)
                    Button(onClick = { wallet.eraseAndStartOver() }) { Text("Erase and set up again") }
                }
            }
        }
    }
}
