#!/usr/bin/env bash
# The consumer check (README "Packages"): pack the library, the testing package, the phone-number companion and the
# CLI to a temporary folder; build a fresh project against the PACKED packages (not project references) that signs and
# verifies an INVITE through DI configured from JSON; install the CLI as a .NET tool from the folder and run it.
# Uses the local NuGet cache as a read-only fallback, so only our new packages are unpacked; no network beyond NuGet.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version_suffix="ci.${BUILD_NUMBER:-$(date +%s)}"
feed="$work/feed"
echo "consumer check: packing 1.1.0-$version_suffix to $feed"
for project in src/StirShaken.Identity src/StirShaken.Identity.Testing src/StirShaken.Identity.PhoneNumbers src/StirShaken.Identity.Cli; do
  dotnet pack "$project" -c Release -o "$feed" --nologo -v q -p:VersionSuffix="$version_suffix" >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; exit 1; }
done
version=$(basename "$(ls "$feed"/StirShaken.Identity.1.*.nupkg | grep -v snupkg | head -1)" .nupkg | sed 's/^StirShaken\.Identity\.//')
ls "$feed"
for id in StirShaken.Identity StirShaken.Identity.Testing StirShaken.Identity.PhoneNumbers StirShaken.Identity.Cli; do
  test -f "$feed/$id.$version.nupkg" || { echo "consumer check: $id.$version.nupkg missing" >&2; exit 1; }
  test -f "$feed/$id.$version.snupkg" || { echo "consumer check: $id.$version.snupkg (symbols) missing" >&2; exit 1; }
  unzip -l "$feed/$id.$version.nupkg" README.md >/dev/null || { echo "consumer check: $id has no package README" >&2; exit 1; }
  unzip -p "$feed/$id.$version.nupkg" "$id.nuspec" | grep -q "<tags>.*stir.*shaken" || { echo "consumer check: $id has no package tags" >&2; exit 1; }
done
# Package contents (issue 13 items 7-8): both target frameworks with XML docs; TestPki only in the testing package;
# the CLI is a .NET tool.
for tfm in net8.0 net10.0; do
  for file in StirShaken.Identity.dll StirShaken.Identity.xml; do
    unzip -l "$feed/StirShaken.Identity.$version.nupkg" "lib/$tfm/$file" >/dev/null || { echo "consumer check: StirShaken.Identity has no lib/$tfm/$file" >&2; exit 1; }
  done
done
if unzip -p "$feed/StirShaken.Identity.$version.nupkg" lib/net10.0/StirShaken.Identity.dll | grep -qa TestPki; then
  echo "consumer check: TestPki ships in the production assembly" >&2; exit 1
fi
unzip -p "$feed/StirShaken.Identity.Testing.$version.nupkg" lib/net10.0/StirShaken.Identity.Testing.dll | grep -qa TestPki || { echo "consumer check: TestPki missing from StirShaken.Identity.Testing" >&2; exit 1; }
unzip -p "$feed/StirShaken.Identity.Cli.$version.nupkg" StirShaken.Identity.Cli.nuspec | grep -q 'packageType name="DotnetTool"' || { echo "consumer check: StirShaken.Identity.Cli is not a .NET tool package" >&2; exit 1; }

consumer="$work/consumer"
mkdir -p "$consumer"
sed "s/@VERSION@/$version/" tests/consumer/Consumer.csproj.template > "$consumer/Consumer.csproj"
cp tests/consumer/Program.cs "$consumer/"
global_packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
cat > "$consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local-feed" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <fallbackPackageFolders>
    <add key="machine-cache" value="$global_packages" />
  </fallbackPackageFolders>
</configuration>
XML
echo "consumer check: building a fresh project against StirShaken.Identity $version"
(cd "$consumer" && NUGET_PACKAGES="$work/packages" dotnet build -c Release --nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }; NUGET_PACKAGES="$work/packages" dotnet run -c Release --no-build -- "$work/run")

echo "consumer check: installing the CLI tool from the folder"
NUGET_PACKAGES="$work/packages" dotnet tool install StirShaken.Identity.Cli --version "$version" --tool-path "$work/tools" --add-source "$feed" >/dev/null
tool="$work/tools/stir-identity"
"$tool" --version | grep -qF "$version" || { echo "consumer check: stir-identity --version does not print $version" >&2; exit 1; }
"$tool" test-pki --out "$work/pki" >/dev/null
printf 'INVITE sip:+12125551213@example.net;user=phone SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:+12155551212@example.com;user=phone>;tag=1\r\nTo: <sip:+12125551213@example.net;user=phone>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n' > "$work/invite.sip"
"$tool" sign --key "$work/pki/sp-key.pem" --x5u https://cert.example.org/sp.pem --message "$work/invite.sip" > "$work/signed.sip"
"$tool" verify --message "$work/signed.sip" --trust-anchor "$work/pki/anchors" --cert "https://cert.example.org/sp.pem=$work/pki/chain.pem" --profile atis
echo "consumer check: OK (packages $version, CLI installed and run from the folder)"
