plugins {
    // Declared once here so every module shares one Kotlin Gradle plugin: :logic applies kotlin-jvm,
    // and AGP 9's built-in Kotlin in :app uses the same (higher than AGP's bundled) KGP version,
    // which the Compose compiler plugin must match.
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.kotlin.jvm) apply false
    alias(libs.plugins.kotlin.compose) apply false
}
