#!/bin/sh
# SPDX-License-Identifier: ISC
# import_skip.sh - the hourly drop import keeps going past a bad row: a
# roster with one row whose date matches no format is imported (here read
# through --dry-run, the same reading and checking) and moved to done/,
# the journal line says one row was skipped and on which line, never what
# it holds, and the summary with the reason is kept beside the file.
set -u
build=${PASSAGE_BUILD:-build}
root=$PWD
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-skip.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
cd "$dir" || exit 1
unset PASSAGE_DB || :
PASSAGE_CONF="$dir/none.conf"
PASSAGE_BIN="$root/$build/passage"
export PASSAGE_CONF PASSAGE_BIN
drop="$dir/roster"
mkdir -p "$drop/in" "$drop/done" "$drop/failed"

# Line 3 has a booking date no format of the profile reads.
{
	sed -n 1,2p "$root/tests/roster/lakeside.csv"
	printf '%s\n' '17009999,"ASH, ANN",01/01/1980,the 3rd of May,,In Custody,Warrant'
	sed -n '4,$p' "$root/tests/roster/lakeside.csv"
} >"$drop/in/hour.csv"
out=$(sh "$root/contrib/passage-import-drop.sh" --dry-run "$dir/site.db" "$drop" \
	"$root/contrib/roster/lakeside.profile" roster-import "$dir/pass" 2>"$dir/err")
st=$?
[ $st -eq 0 ]
ok $? "a roster with one bad row is imported all the same (exit $st: $(cat "$dir/err"))"
[ -z "$(ls -A "$drop/in")" ] && [ -z "$(ls -A "$drop/failed")" ]
ok $? "  moved out of in/, and nothing in failed/"
d=$(ls "$drop/done" | grep -v '\.skipped$')
case $out in
*"hour.csv: imported, 1 row skipped (line 3; see $drop/done/$d.skipped); moved to $drop/done/$d") r=0 ;;
*) r=1 ;;
esac
ok $r "the journal line says one row was skipped, on line 3 ($(printf '%s\n' "$out" | tail -n 1))"
case $out in *ASH* | *"3rd of May"*) r=1 ;; *) r=0 ;; esac
ok $r "  and nothing the row holds"
case $out in *"rows skipped                         1"*) r=0 ;; *) r=1 ;; esac
ok $r "  after the import's counts"
grep -q 'line 3, column "Booking Date"' "$drop/done/$d.skipped" 2>/dev/null
ok $? "the summary beside the file says why"
[ "$(ls -A "$drop/done" | wc -l)" -eq 2 ]
ok $? "  and no temporary file is left ($(ls -A "$drop/done" | tr '\n' ' '))"
done_testing
