#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian 12 machine (as root)
# and runs them. The README's test command and .ci/run both call this.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: ethtool and iproute2 for the live tests (veth pairs in
# network namespaces); a compiler for node-pty, which the terminal tests use
# (it is optional for the app itself, so installing hvtop needs none); man
# and groff to render the man page the release tests check; zsh to try its completion;
# prometheus (promtool too) for the exporter's checks and its end-to-end test. Its
# package's service is not started in a container (policy-rc.d), and the test runs
# its own server on a loopback port.
need=()
for tool in ethtool:ethtool ip:iproute2 make:make g++:g++ python3:python3 man:man-db groff:groff-base zsh:zsh prometheus:prometheus promtool:prometheus; do
	command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
# udevadm for the persistence tests (test/persist/udev-live.test.ts: udev applies hvtop's .link file).
command -v udevadm >/dev/null 2>&1 || need+=(udev)
if [ "${#need[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "scripts/test.sh: missing ${need[*]}; run as root or install them with apt-get" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# Sorted and unique: prometheus and promtool come in one package.
	mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
# No build here: npm test type-checks, builds once and runs ava.

# ava's own summary, plus one plain closing line ("tests: N passed, N failed")
# that any CI log reader understands.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
npm test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
count() { grep -Eo "([0-9]+) tests? $1" "$log" | tail -n 1 | grep -Eo '^[0-9]+' || echo 0; }
passed=$(count passed)
failed=$(count failed)
skipped=$(count skipped)
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
