import java.util.Properties
import javax.inject.Inject

plugins {
    alias(libs.plugins.android.application) // AGP 9: Kotlin is built in, no kotlin-android plugin
    alias(libs.plugins.kotlin.compose)
}

android {
    namespace = "org.citizenwallet.demo"
    compileSdk = 37
    // The NDK cargo-ndk links with (AGP 9.3's default); install it from the SDK Manager.
    ndkVersion = "28.2.13676358"

    defaultConfig {
        applicationId = "org.citizenwallet.demo"
        // 26: java.time without desugaring; StrongBox (28+) is detected at run time.
        minSdk = 26
        targetSdk = 36
        versionCode = 1
        versionName = "0.1.0"
        // Exactly the ABIs bindings/build-android.sh builds the Rust library for. Without this
        // the JNA AAR's x86 libjnidispatch.so makes an x86 APK split that has no
        // libcitizen_wallet_ffi.so, and an x86 emulator crashes at start (UnsatisfiedLinkError).
        // android-demo/scripts/check-static.sh keeps the two lists equal.
        ndk {
            abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64")
        }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            signingConfig = signingConfigs.getByName("debug") // a demo: installable without a release key
        }
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    buildFeatures {
        compose = true
    }
}

/**
 * Builds the Rust library for the phone ABIs with `cargo ndk` and generates the Kotlin bindings
 * (android = true) from it, both into this variant's build folder, by running the workspace's
 * bindings/build-android.sh (one place for the cargo-ndk flags, e.g. 16 KB page alignment).
 */
abstract class CargoNdkTask : DefaultTask() {
    @get:Inject abstract val execOperations: ExecOperations

    @get:Internal abstract val workspace: DirectoryProperty

    @get:Internal abstract val ndkDirectory: DirectoryProperty

    /** `cargo.dir` from local.properties, if set (see android-demo/scripts/cargo-build.sh). */
    @get:Internal abstract val cargoDir: Property<String>

    @get:OutputDirectory abstract val kotlinDir: DirectoryProperty

    @get:OutputDirectory abstract val jniLibsDir: DirectoryProperty

    init {
        outputs.upToDateWhen { false } // cargo knows what is stale
    }

    @TaskAction
    fun build() {
        execOperations.exec {
            workingDir = workspace.get().asFile
            // Finds cargo (cargo.dir, ~/.cargo/bin, PATH), checks cargo-ndk, the Rust targets and
            // the NDK with a message naming what is missing, then runs bindings/build-android.sh.
            commandLine("bash", "android-demo/scripts/cargo-build.sh", "android")
            ndkDirectory.orNull?.let { environment("ANDROID_NDK_HOME", it.asFile.path) }
            cargoDir.orNull?.let { environment("CARGO_DIR", it) }
            environment("KOTLIN_OUT", kotlinDir.get().asFile.path)
            environment("JNI_LIBS", jniLibsDir.get().asFile.path)
        }
    }
}

// cargo.dir=/path/to/.cargo/bin in local.properties: for a Gradle daemon whose PATH lacks cargo.
val cargoDirSetting: String? = Properties().run {
    rootDir.resolve("local.properties").takeIf { it.isFile }?.reader()?.use { load(it) }
    getProperty("cargo.dir")
}

androidComponents {
    onVariants { variant ->
        val name = variant.name.replaceFirstChar { it.uppercase() }
        val rust = tasks.register<CargoNdkTask>("cargoNdk$name") {
            workspace.set(rootDir.parentFile) // the Cargo workspace
            ndkDirectory.set(sdkComponents.ndkDirectory)
            cargoDirSetting?.let { cargoDir.set(it) }
        }
        variant.sources.kotlin?.addGeneratedSourceDirectory(rust, CargoNdkTask::kotlinDir)
        variant.sources.jniLibs?.addGeneratedSourceDirectory(rust, CargoNdkTask::jniLibsDir)
    }
}

dependencies {
    implementation(project(":logic"))
    // JNA as an AAR: it carries libjnidispatch.so for each Android ABI.
    implementation(libs.jna) { artifact { type = "aar" } }
    implementation(libs.androidx.annotation) // @RequiresApi in the Android flavour of the bindings

    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.ui)
    implementation(libs.androidx.compose.material3)
    implementation(libs.androidx.compose.ui.tooling.preview)
    debugImplementation(libs.androidx.compose.ui.tooling)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)

    implementation(libs.androidx.camera.camera2)
    implementation(libs.androidx.camera.lifecycle)
    implementation(libs.androidx.camera.compose)
}
