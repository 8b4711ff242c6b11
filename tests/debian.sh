#!/bin/sh
# SPDX-License-Identifier: ISC
# debian.sh - debian/control's Build-Depends and contrib/deps.sh's list
# cannot part: contrib/lint.sh says so, on copies of the two files.
set -u
src=$PWD
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-debian.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"

# A fresh copy of contrib/ (the lint, deps.sh and the files the lint
# checks) and debian/control, then run the lint there.
fresh() {
	rm -rf "$dir/t"
	mkdir -p "$dir/t/debian"
	cp -R "$src/contrib" "$dir/t/contrib"
	cp "$src/debian/control" "$dir/t/debian/"
}
lint() { (cd "$dir/t" && sh contrib/lint.sh 2>&1); }

fresh
out=$(lint); ok $? "debian/control agrees with contrib/deps.sh"

# A change to one of the copies that the lint must catch:
# $1 the test's name, $2 the file, $3 its sed script, $4 the message.
breaks() {
	fresh
	sed -i "$3" "$dir/t/$2"
	out=$(lint)
	[ $? -eq 1 ] && has "$out" "$4"; ok $? "$1"
}
breaks "a build package left out" debian/control '/^ libsodium-dev,$/d' \
	"Build-Depends lacks libsodium-dev"
breaks "a package added to deps.sh only" contrib/deps.sh 's/^build="\(.*\)"$/build="\1 libfoo-dev"/' \
	"Build-Depends lacks libfoo-dev"
breaks "a test package not marked <!nocheck>" debian/control 's/^ tmux <!nocheck>,$/ tmux,/' \
	"lacks tmux <!nocheck>"
breaks "a package deps.sh does not list" debian/control 's/^ pkg-config,$/ pkg-config,\n libfoo-dev,/' \
	"Build-Depends has libfoo-dev"

grep -q '^export PASSAGE_NO_DEPS = 1$' "$src/debian/rules"
ok $? "debian/rules turns contrib/deps.sh's installing off"

done_testing
