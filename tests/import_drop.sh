#!/bin/sh
# SPDX-License-Identifier: ISC
# import_drop.sh - contrib/passage-import-drop.sh, the hourly import from
# a drop folder, on real roster files and the real passage: a good roster
# moves to done/ and a bad one to failed/ with its .error, under names
# with the time that never overwrite one another; files still being
# written are left alone; nothing is ever lost.  Most runs go through
# --dry-run (the same reading and checking of the file, without the
# database); the last imports into a real file as the import account.
set -u
build=${PASSAGE_BUILD:-build}
root=$PWD
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-drop.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
cd "$dir" || exit 1
unset PASSAGE_DB || :
PASSAGE_CONF="$dir/none.conf"
PASSAGE_BIN="$root/$build/passage"
export PASSAGE_CONF PASSAGE_BIN
drop_sh="$root/contrib/passage-import-drop.sh"
prof="$root/contrib/roster/lakeside.profile"
good="$root/tests/roster/lakeside.csv"

drop="$dir/roster"
mkdir -p "$drop/in" "$drop/done" "$drop/failed"
# run [--dry-run]: the script on the drop folder; out, err, st set.
run() {
	out=$(sh "$drop_sh" "$@" "$dir/site.db" "$drop" "$prof" roster-import "$dir/pass" 2>"$dir/err")
	st=$?
	err=$(cat "$dir/err")
}
# The names in a folder, one a line, or "" when it is empty.
names() { (cd "$1" && ls -A); }

cp "$good" "$drop/in/2026-12-06T1700.csv"
# Not a roster: the profile's columns are not there.
printf 'Name,When\nSomeone,yesterday\n' >"$drop/in/2026-12-06T1800.csv"
# Still being written by the jail's export.
printf 'Booking Number,Inm' >"$drop/in/2026-12-06T1900.csv.part"
cp "$drop/in/2026-12-06T1800.csv" "$dir/bad.copy"

run --dry-run
[ $st -eq 1 ]
ok $? "a run with a bad file exits 1 (got $st)"
[ "$(names "$drop/in")" = "2026-12-06T1900.csv.part" ]
ok $? "in/ keeps only the file still being written"
d=$(names "$drop/done")
case $d in [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z-2026-12-06T1700.csv) r=0 ;; *) r=1 ;; esac
ok $r "the good roster is in done/ with the time in its name ($d)"
cmp -s "$good" "$drop/done/$d"
ok $? "  whole"
f=$(names "$drop/failed")
bad=$(printf '%s\n' "$f" | grep -v '\.error$')
[ "$(printf '%s\n' "$f" | wc -l)" -eq 2 ] && [ -f "$drop/failed/$bad.error" ] &&
	case $bad in *Z-2026-12-06T1800.csv) true ;; *) false ;; esac
ok $? "the bad one is in failed/ with its error beside it ($(printf "%s " $f))"
cmp -s "$dir/bad.copy" "$drop/failed/$bad"
ok $? "  whole"
e=$(cat "$drop/failed/$bad.error")
has "$e" "2026-12-06T1800.csv: line 1:" && has "$e" "right profile"
ok $? "the .error names the file and what is wrong ($e)"
has "$out" "2026-12-06T1700.csv: imported; moved to $drop/done/$d" &&
	has "$out" "released, with a time" && has "$err" "2026-12-06T1800.csv: not imported"
ok $? "a line a file for the journal, with the import's counts"
has "$err" "not imported (why: $drop/failed/$bad.error)" && ! has "$err" "right profile"
ok $? "  a failure's line names its .error, and never repeats what passage said"
! has "$out$err" "DOE" && ! has "$out$err" "17007382"
ok $? "no name or booking number in what it says"

run --dry-run
[ $st -eq 0 ] && [ -z "$out" ] && [ -z "$err" ] && [ "$(names "$drop/in")" = "2026-12-06T1900.csv.part" ]
ok $? "nothing waiting: nothing done, exit 0"

# The same name twice in the same second: the second is kept beside the
# first, not over it.  A date that always says the same time.
mkdir "$dir/bin"
printf '#!/bin/sh\necho 20260101T000000Z\n' >"$dir/bin/date"
chmod +x "$dir/bin/date"
for _ in 1 2; do
	cp "$good" "$drop/in/same.csv"
	PATH="$dir/bin:$PATH" run --dry-run
done
[ -f "$drop/done/20260101T000000Z-same.csv" ] && [ -f "$drop/done/20260101T000000Z-1-same.csv" ]
ok $? "a second file of the same name and time does not overwrite the first"

# The folders must be there: nothing is moved when they are not.
rm -rf "$dir/other"
mkdir -p "$dir/other/in"
cp "$good" "$dir/other/in/x.csv"
out=$(sh "$drop_sh" --dry-run "$dir/site.db" "$dir/other" "$prof" u "$dir/pass" 2>&1)
[ $? -eq 1 ] && has "$out" "done is not a folder" && [ -f "$dir/other/in/x.csv" ]
ok $? "without done/ and failed/ it stops and moves nothing"

# The real import reads the passphrase from the file on descriptor 3; the
# passphrase is never a word of its command line.  A stand-in for passage
# here writes down what it was given (this is the script's promise, not
# the import's).
printf 'the import passphrase\n' >"$dir/pass"
cat >"$dir/bin/passage" <<'EOS'
#!/bin/sh
printf '%s\n' "$*" >"$ARGS_SEEN"
cat <&3 >"$FD3_SEEN"
env >"$ENV_SEEN"
EOS
chmod +x "$dir/bin/passage"
cp "$good" "$drop/in/real.csv"
ARGS_SEEN="$dir/args" FD3_SEEN="$dir/fd3" ENV_SEEN="$dir/env" PASSAGE_BIN="$dir/bin/passage" run
[ $st -eq 0 ] && [ "$(cat "$dir/fd3")" = "the import passphrase" ] &&
	! grep -q "import passphrase" "$dir/args" "$dir/env" &&
	has "$(cat "$dir/args")" "import roster $dir/site.db $drop/in/real.csv --profile $prof --user roster-import --skip-bad-rows --passphrase-fd 3"
ok $? "the passphrase goes on descriptor 3, not in the words or the environment"
out=$(sh "$drop_sh" "$dir/site.db" "$drop" "$prof" u "$dir/nopass" 2>&1)
[ $? -eq 1 ] && has "$out" "cannot read the passphrase file"
ok $? "a missing passphrase file stops the run"

# For real: a file made by passage init, the import account's passphrase
# in the file, the roster recorded in the database.
apass="drop test admin passphrase"
printf '%s\n' "$apass" | "$PASSAGE_BIN" init "$dir/site.db" --admin ada --kdf interactive \
	--passphrase-fd 0 >/dev/null 2>&1
printf '%s\n' "$apass" | "$PASSAGE_BIN" facility add "$dir/site.db" "County Jail" --user ada \
	--passphrase-fd 0 >/dev/null 2>&1
printf '%s\ntemporary import 1\n' "$apass" | "$PASSAGE_BIN" user add "$dir/site.db" roster-import \
	--role import --user ada --passphrase-fd 0 >/dev/null 2>&1
printf 'temporary import 1\nthe import passphrase\n' |
	"$PASSAGE_BIN" passwd "$dir/site.db" --user roster-import --passphrase-fd 0 >/dev/null 2>&1
rm -f "$drop"/done/*
cp "$good" "$drop/in/hour.csv"
run
rows=$(printf '%s\n' "$apass" | "$PASSAGE_BIN" audit list "$dir/site.db" --action import --format csv \
	--user ada --passphrase-fd 0 2>/dev/null | grep -c "roster imported")
[ $st -eq 0 ] && [ "$rows" = 1 ] && [ -n "$(names "$drop/done")" ] && [ -z "$(ls "$drop/in" | grep hour)" ]
ok $? "the import account imports the file into the database and it moves to done/ ($st, $rows)"

done_testing
