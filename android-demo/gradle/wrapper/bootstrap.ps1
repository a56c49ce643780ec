# Used by gradlew.bat on Windows: downloads the Gradle distribution that gradle-wrapper.properties
# names into %GRADLE_USER_HOME%\wrapper\dists (once), refuses it unless its SHA-256 equals
# distributionSha256Sum, unpacks it, and prints the folder that holds bin\gradle.bat.
# The same steps as ../../gradlew (see there and android-demo/README.md). NOT RUN on the machine
# this was written on (no Windows, no PowerShell there).
$ErrorActionPreference = 'Stop'
$props = Join-Path $PSScriptRoot 'gradle-wrapper.properties'
function Get-Prop([string]$key) {
    $line = Get-Content $props | Where-Object { $_ -like "$key=*" } | Select-Object -Last 1
    if (-not $line) { return $null }
    return $line.Substring($key.Length + 1).Replace('\:', ':').Trim()
}
$url = Get-Prop 'distributionUrl'
$sum = Get-Prop 'distributionSha256Sum'
if (-not $url) { throw "no distributionUrl in $props" }
if (-not ($sum -match '^[0-9a-f]{64}$')) { throw "no valid distributionSha256Sum in ${props}: refusing to run a Gradle distribution nobody checked" }
$zipName = $url.Substring($url.LastIndexOf('/') + 1)
if (-not ($zipName -like 'gradle-*.zip')) { throw "distributionUrl does not name a gradle-*.zip: $url" }
$userHome = if ($env:GRADLE_USER_HOME) { $env:GRADLE_USER_HOME } else { Join-Path $env:USERPROFILE '.gradle' }
$distDir = Join-Path $userHome "wrapper\dists\$($zipName -replace '\.zip$','')\sha256-$sum"
$ready = Join-Path $distDir '.ready'
$unpacked = Join-Path $distDir 'unpacked'
if (-not (Test-Path $ready)) {
    New-Item -ItemType Directory -Force -Path $distDir | Out-Null
    $part = Join-Path $distDir "$zipName.part"
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $part, $unpacked
    [Console]::Error.WriteLine("gradlew: downloading $url")
    Invoke-WebRequest -UseBasicParsing -Uri $url -OutFile $part
    $actual = (Get-FileHash -Algorithm SHA256 $part).Hash.ToLowerInvariant()
    if ($actual -ne $sum) {
        Remove-Item -Force $part
        throw "checksum mismatch for ${zipName}: expected $sum (distributionSha256Sum), got $actual. Not running it."
    }
    Expand-Archive -Path $part -DestinationPath $unpacked
    Remove-Item -Force $part
    New-Item -ItemType File -Path $ready | Out-Null
}
$gradleHome = Get-ChildItem -Directory $unpacked | Where-Object { Test-Path (Join-Path $_.FullName 'bin\gradle.bat') } | Select-Object -First 1
if (-not $gradleHome) { throw "no bin\gradle.bat in $unpacked (delete $distDir and retry)" }
Write-Output $gradleHome.FullName
