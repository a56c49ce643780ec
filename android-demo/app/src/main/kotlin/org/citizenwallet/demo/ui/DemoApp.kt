package org.citizenwallet.demo.ui

import androidx.activity.compose.LocalActivity
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
import org.citizenwallet.demo.WalletViewModel
import org.citizenwallet.demo.logic.WalletSession

private enum class Tab(val label: String, val icon: Int) {
    Card("ID card", android.R.drawable.ic_menu_myplaces),
    Present("Present", android.R.drawable.ic_menu_share),
    History("History", android.R.drawable.ic_menu_recent_history),
    Verify("Verify", android.R.drawable.ic_menu_camera),
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
                    Tab.Present -> PresentScreen(s.present, wallet)
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
