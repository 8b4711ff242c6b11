#!/bin/sh
# SPDX-License-Identifier: ISC
# deps.sh - make sure the Debian packages Passage needs are installed.
#
#   contrib/deps.sh build|demo|check|bench|fuzz|ci     install what is missing
#   contrib/deps.sh --list build|demo|check|bench|fuzz|ci   print the packages
#
# This file holds the one list of packages: the Makefile's targets and
# .ci/run both ask it.  Run as root, it installs what is missing with
# apt-get, printing one line a step (apt's own output goes to a log that is
# shown only if it fails); run as another user, it prints the exact command
# to run and exits 1.  PASSAGE_NO_DEPS=1 turns it off, for a packager whose
# build dependencies are declared elsewhere (debian/control).
set -eu

build="gcc make pkg-config libc6-dev libncurses-dev libsqlite3-dev libsodium-dev libutf8proc-dev libcsv-dev libcairo2-dev libpango1.0-dev libcups2-dev"
# The tests: the sqlite3 shell looks inside files, tmux is the real terminal
# of the end-to-end tests, mandoc lints the manual pages, perl runs prove
# and reads JSON and CSV back (JSON::PP is one of its core modules);
# pdftotext reads the release plan back (poppler-utils); ippeveprinter is
# the printer the plan is printed on (cups-ipp-utils; it wants a D-Bus,
# dbus-daemon, for its DNS-SD even when that is off), and WenQuanYi Micro
# Hei (1.6 MB, the smallest Debian font with Chinese) sets a Chinese name.
check="sqlite3 tmux mandoc perl util-linux poppler-utils cups-ipp-utils dbus-daemon fonts-wqy-microhei"
# The benchmark measures the vault against SQLCipher, side by side.
bench="libsqlcipher-dev"
# make fuzz: libFuzzer comes with clang; its sanitizers' runtime is only
# recommended by clang, so it is named (libclang-rt-dev).
fuzz="clang libclang-rt-dev"

list=0
if [ "${1:-}" = --list ]; then list=1; shift; fi
case "${1:-build}" in
build|demo) want="$build" ;;
check) want="$build $check" ;;
bench) want="$build $bench" ;;
fuzz) want="$build $fuzz" ;;
ci) want="$build $check $bench $fuzz" ;;
*) echo "usage: $0 [--list] build|demo|check|bench|fuzz|ci" >&2; exit 2 ;;
esac

if [ $list -eq 1 ]; then
	echo $want
	exit 0
fi
[ "${PASSAGE_NO_DEPS:-0}" = 1 ] && exit 0

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system; install the equivalents of: $want" >&2
	exit 0
fi

missing=""
for p in $want; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: these packages are missing:$missing" >&2
	echo "deps: run:  sudo apt-get install -y --no-install-recommends$missing" >&2
	echo "deps: (or set PASSAGE_NO_DEPS=1 to build without this check)" >&2
	exit 1
fi

log=$(mktemp "${TMPDIR:-/tmp}/passage-deps.XXXXXX")
step() {
	echo "deps: $1"
	shift
	if ! "$@" >>"$log" 2>&1; then
		cat "$log" >&2
		echo "deps: that step failed (apt-get's output is above)" >&2
		rm -f "$log"
		exit 1
	fi
}
export DEBIAN_FRONTEND=noninteractive
step "updating the package lists" apt-get update -q
# shellcheck disable=SC2086
step "installing$missing" apt-get install -y -q --no-install-recommends $missing
rm -f "$log"
echo "deps: done"
