@echo off
rem Runs this project's Gradle on Windows without gradle-wrapper.jar: gradle\wrapper\bootstrap.ps1
rem downloads the distribution gradle-wrapper.properties names, checks it against
rem distributionSha256Sum, unpacks it and prints its folder; this runs its bin\gradle.bat.
rem See gradlew (the same for macOS/Linux) and android-demo\README.md. NOT RUN where it was written.
setlocal
set "GRADLE_DIST_HOME="
for /f "usebackq delims=" %%i in (`powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0gradle\wrapper\bootstrap.ps1"`) do set "GRADLE_DIST_HOME=%%i"
if not defined GRADLE_DIST_HOME (
  echo gradlew: could not get a checked Gradle distribution 1>&2
  exit /b 1
)
call "%GRADLE_DIST_HOME%\bin\gradle.bat" %*
exit /b %ERRORLEVEL%
