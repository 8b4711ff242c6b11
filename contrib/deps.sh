#!/bin/sh
# deps.sh - make sure the Debian packages Passage needs are installed.
#
#   contrib/deps.sh build|check|bench|demo
#
# Installs what is missing when run as root (apt-get), otherwise prints the
# exact command to run and exits 1.  Passage builds with only cc and make
# plus these libraries; nothing is downloaded from anywhere else.
set -eu

build="gcc make pkg-config libncurses-dev libsqlite3-dev libsodium-dev"
case "${1:-build}" in
build|demo) want="$build" ;;
check) want="$build sqlite3 tmux mandoc perl" ;;
bench) want="$build libsqlcipher-dev" ;;
*) echo "usage: $0 build|check|bench|demo" >&2; exit 2 ;;
esac

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

if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "deps: these packages are missing:$missing" >&2
	echo "deps: run:  sudo apt-get install -y$missing" >&2
	exit 1
fi
