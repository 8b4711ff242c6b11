#!/bin/sh
# SPDX-License-Identifier: ISC
# views.sh - opening a person is one view: one access check, one read
# transaction and one "view" row in the audit log, read again only after
# a save (not on coming back from help or a cancelled form).  On a file
# made by passage init, the person added through the screens.
set -u
build=${PASSAGE_BUILD:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin="$root/$build/passage"
screen="$root/$build/tests/passage-screen"
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT INT TERM
pass="views test passphrase"
db="$work/views.db"

export TERM=vt100 LINES=24 COLUMNS=80 TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
export PASSAGE_TEST_NOW=1790000000
echo "1..3"

as() { printf '%s\n' "$pass" | "$bin" "$@" --passphrase-fd 0; }

printf '%s\n' "$pass" | "$bin" init "$db" --admin admin --kdf interactive --site Views \
	--time-zone UTC --passphrase-fd 0 >/dev/null
as facility add "$db" "Views County Jail" --user admin >/dev/null
for u in health supervisor; do
	printf '%s\ntemporary %s 1\n' "$pass" "$u" |
		"$bin" user add "$db" "$u" --role "$u" --user admin --passphrase-fd 0 >/dev/null
	printf 'temporary %s 1\n%s\n' "$u" "$pass" |
		"$bin" passwd "$db" --user "$u" --passphrase-fd 0 >/dev/null
done
(cd "$work" && PASSAGE_TUI_SCRIPT="${VIEWS_KEYS:-$here/views/open.keys}" "$screen" "$db" >"$work/out" 2>&1)
echo "# passage-screen exited with $?"

rows() {
	as audit list "$db" --person V0000001 --action "$1" --format csv --user supervisor \
		2>"$work/err" | grep -c "^\"[0-9]*\",\"[^\"]*\",\"[^\"]*\",\"$1\",\"$2 #"
}
views=$(rows view person)
if [ "$views" = 2 ]; then
	echo "ok 1 - the record was read twice: when it opened and after the note"
else
	echo "not ok 1 - the record was read twice: when it opened and after the note"
	echo "# view rows about the person: $views"
	as audit list "$db" --person V0000001 --format csv --user supervisor 2>&1 | sed 's/^/# /'
fi
all=$(as audit list "$db" --person V0000001 --action view --format csv --user supervisor \
	2>/dev/null | grep -c '^"[0-9]')
others=$((all - views))
if [ "$others" = 0 ]; then
	echo "ok 2 - no view row for each part of the record"
else
	echo "not ok 2 - no view row for each part of the record"
	echo "# other view rows: $others"
fi
notes=$(rows create note)
if [ "$notes" = 1 ]; then
	echo "ok 3 - the note was saved"
else
	echo "not ok 3 - the note was saved"
	sed 's/^/# /' "$work/out"
fi
