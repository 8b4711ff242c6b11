#!/bin/sh
# SPDX-License-Identifier: ISC
# debian.sh - debian/control's Build-Depends and contrib/deps.sh's list
# cannot part: contrib/lint.sh says so, on copies of the two files.
set -u
src=$PWD
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-debian.XXXXXX")
trap 'rm -rf "$dir"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
has() { case "$1" in *"$2"*) return 0 ;; esac; return 1; }

# A fresh copy of the two files and the lint, then run the lint there.
fresh() {
	rm -rf "$dir/t"
	mkdir -p "$dir/t/contrib" "$dir/t/debian"
	cp "$src/contrib/deps.sh" "$src/contrib/lint.sh" "$dir/t/contrib/"
	cp "$src/debian/control" "$dir/t/debian/"
}
lint() { (cd "$dir/t" && sh contrib/lint.sh 2>&1); }

fresh
out=$(lint); ok $? "debian/control agrees with contrib/deps.sh"

fresh
sed -i '/^ libsodium-dev,$/d' "$dir/t/debian/control"
out=$(lint)
[ $? -eq 1 ] && has "$out" "Build-Depends lacks libsodium-dev"; ok $? "a build package left out"

fresh
sed -i 's/^build="\(.*\)"$/build="\1 libfoo-dev"/' "$dir/t/contrib/deps.sh"
out=$(lint)
[ $? -eq 1 ] && has "$out" "Build-Depends lacks libfoo-dev"; ok $? "a package added to deps.sh only"

fresh
sed -i 's/^ tmux <!nocheck>,$/ tmux,/' "$dir/t/debian/control"
out=$(lint)
[ $? -eq 1 ] && has "$out" "lacks tmux <!nocheck>"; ok $? "a test package not marked <!nocheck>"

fresh
sed -i 's/^ pkg-config,$/ pkg-config,\n libfoo-dev,/' "$dir/t/debian/control"
out=$(lint)
[ $? -eq 1 ] && has "$out" "Build-Depends has libfoo-dev"; ok $? "a package deps.sh does not list"

grep -q '^export PASSAGE_NO_DEPS = 1$' "$src/debian/rules"
ok $? "debian/rules turns contrib/deps.sh's installing off"

echo "1..$n"
exit $fail
