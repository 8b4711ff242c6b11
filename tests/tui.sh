#!/bin/sh
# SPDX-License-Identifier: ISC
# tui.sh - headless screen tests: each tests/tui/*.keys script drives the
# screen-test build of passage (tui/tui_test.h) on a demo file, and each
# screen it dumps must match its golden copy in tests/tui/.
#
# The terminal is pinned: TERM=vt100, 80x24 (a script may resize it),
# TZ=UTC, a UTF-8 locale and a fixed clock.  UPDATE=1 rewrites the golden
# screens from this run; read the diff before committing it.
set -eu
build=${PASSAGE_BUILD:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/$build/tests/passage-screen"
fixture="$root/$build/tests/tui_fixture"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
pass="screen test passphrase"

export TERM=vt100 LINES=24 COLUMNS=80 TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
export PASSAGE_TEST_NOW=1790000000 # 2026-09-21 14:13 UTC
unset SSH_CONNECTION || :

db="$work/screen.db"
printf '%s\n' "$pass" | "$bin" init "$db" --admin admin --kdf interactive \
	--passphrase-fd 0 >/dev/null
for u in health caseworker supervisor; do
	printf '%s\ntemporary %s 1\n' "$pass" "$u" |
		"$bin" user add "$db" "$u" --role "$u" --user admin --passphrase-fd 0 >/dev/null
	printf 'temporary %s 1\n%s\n' "$u" "$pass" |
		"$bin" passwd "$db" --user "$u" --passphrase-fd 0 >/dev/null
done
# One who has not changed the temporary passphrase yet.
printf '%s\ntemporary new 1\n' "$pass" |
	"$bin" user add "$db" newcomer --role caseworker --user admin --passphrase-fd 0 >/dev/null
printf '%s\n' "$pass" | "$bin" demo "$db" --people 120 --seed 7 --user admin \
	--passphrase-fd 0 >/dev/null
printf '%s\n' "$pass" | "$fixture" "$db" caseworker
cp "$db" "$work/pristine.db"

scripts=$(ls "$here"/tui/*.keys)
total=0
for s in $scripts; do
	total=$((total + $(grep -c '^dump ' "$s")))
done
echo "1..$total"
n=0
for s in $scripts; do
	name=$(basename "$s" .keys)
	# Every script starts from the same file.
	cp "$work/pristine.db" "$db"
	rm -f "$db-journal" "$db-wal" "$db-shm" "$db.logins"
	# A script may ask for more people (tui_fixture's kinds): "fixture KIND".
	for kind in $(sed -n 's/^fixture //p' "$s"); do
		printf '%s\n' "$pass" | "$fixture" "$db" caseworker "$kind"
	done
	# And a release plan template: "template LANG" installs contrib/plan/LANG.plan.
	for lang in $(sed -n 's/^template //p' "$s"); do
		printf '%s\n' "$pass" | "$bin" plan template install "$db" "$root/contrib/plan/$lang.plan" \
			--lang "$lang" --user admin --passphrase-fd 0 >/dev/null
	done
	# And the site's settings: "setting KEY VALUE".
	sed -n 's/^setting //p' "$s" | while read -r key value; do
		printf '%s\n' "$pass" | "$bin" setting "$db" "$key" "$value" --user admin \
			--passphrase-fd 0 >/dev/null
	done
	mkdir -p "$work/$name"
	(cd "$work/$name" && PASSAGE_TUI_SCRIPT="$s" "$bin" "$db" --site "Screen Test County" \
		>"$work/$name.out" 2>&1) || {
		echo "# $name: passage exited with $?"
		sed 's/^/# /' "$work/$name.out"
	}
	for dump in $(sed -n 's/^dump //p' "$s"); do
		n=$((n + 1))
		got="$work/$name/$dump"
		# The audit chain's MAC comes from a key made at random by init:
		# its digits differ on every run, its place and length do not.
		[ -f "$got" ] && sed -i -E 's/(head [0-9]+:)[0-9a-f]{16}/\1################/' "$got"
		want="$here/tui/$dump"
		if [ "${UPDATE:-}" = 1 ] && [ -f "$got" ]; then
			cp "$got" "$want"
		fi
		if [ -f "$got" ] && [ -f "$want" ] && cmp -s "$got" "$want"; then
			echo "ok $n - $name: $dump"
		else
			echo "not ok $n - $name: $dump"
			if [ -f "$got" ] && [ -f "$want" ]; then
				diff -u "$want" "$got" | sed 's/^/# /' || :
			else
				echo "# missing: $([ -f "$got" ] || echo "screen from this run") $([ -f "$want" ] || echo "golden copy")"
			fi
		fi
	done
done
