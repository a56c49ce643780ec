import org.jetbrains.kotlin.gradle.dsl.JvmTarget

// Plain Kotlin/JVM: every piece of the demo that is not drawing pixels. No Android SDK needed, so
// `./gradlew :logic:test` runs on any machine with the Rust toolchain and a JDK.
plugins {
    alias(libs.plugins.kotlin.jvm)
}

// Java 17 bytecode, like the app; no toolchain download (Android Studio's JDK compiles it).
java {
    sourceCompatibility = JavaVersion.VERSION_17
    targetCompatibility = JavaVersion.VERSION_17
}
kotlin {
    compilerOptions {
        jvmTarget = JvmTarget.JVM_17
    }
}

// The Cargo workspace (android-demo/..) builds the core, its uniffi facade and uniffi-bindgen.
// (macOS and Linux; on Windows, build in WSL.)
val workspace: File = rootDir.parentFile
val hostLibDir: File = workspace.resolve("target/debug")

// cargo.dir=/path/to/.cargo/bin in local.properties: for a Gradle daemon whose PATH lacks cargo.
val cargoDirSetting: String? = java.util.Properties().run {
    rootDir.resolve("local.properties").takeIf { it.isFile }?.reader()?.use { load(it) }
    getProperty("cargo.dir")
}

val cargoBuildHost by tasks.registering(Exec::class) {
    description = "Builds the host library and uniffi-bindgen with cargo (debug)."
    workingDir = workspace
    // Finds cargo in cargo.dir, ~/.cargo/bin or PATH, and says which it tried when none has it.
    commandLine("bash", "android-demo/scripts/cargo-build.sh", "host")
    cargoDirSetting?.let { environment("CARGO_DIR", it) }
    outputs.upToDateWhen { false } // cargo knows what is stale
}

// The bindings are generated from the library itself (not hand-edited, never committed).
// JVM flavour here; the app generates its Android flavour the same way.
val generateJvmBindings by tasks.registering(Exec::class) {
    description = "Generates the Kotlin bindings (JVM flavour) from the host library."
    dependsOn(cargoBuildHost)
    val outDir = layout.buildDirectory.dir("generated/uniffi/jvm")
    outputs.dir(outDir)
    outputs.upToDateWhen { false }
    workingDir = workspace
    commandLine(
        hostLibDir.resolve("uniffi-bindgen").path, "generate",
        hostLibDir.resolve(System.mapLibraryName("citizen_wallet_ffi")).path,
        "--language", "kotlin", "--out-dir", outDir.get().asFile.path, "--no-format",
    )
}

// The generated bindings get their own source set: :logic compiles against them but does not ship
// them (compileOnly). The app ships its Android flavour (android = true), whose public API is
// identical; the JVM tests put this flavour and the host library on the test classpath.
val uniffi: SourceSet by sourceSets.creating
kotlin.sourceSets.named(uniffi.name) {
    kotlin.srcDir(generateJvmBindings)
}

dependencies {
    "uniffiImplementation"(libs.jna)
    compileOnly(uniffi.output)
    api(libs.kotlinx.coroutines.core) // StateFlow is part of this module's API
    implementation(libs.zxing.core)

    testImplementation(uniffi.output)
    testImplementation(libs.junit)
    testImplementation(libs.kotlin.test.junit)
    testRuntimeOnly(libs.jna)
}

tasks.test {
    useJUnit()
    systemProperty("jna.library.path", hostLibDir.path)
    systemProperty("citizenwallet.assetsDir", rootDir.resolve("app/src/main/assets").path)
}
