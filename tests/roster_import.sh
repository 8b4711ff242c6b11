#!/bin/sh
# SPDX-License-Identifier: ISC
# roster_import.sh - passage import roster into a real database: who may
# run it, what it prints (counts, never a name or an id), a dry run that
# changes nothing, and the same file twice.
set -u
build=${PASSAGE_BUILD:-build}
root=$PWD
bin="$root/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-rimport.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
cd "$dir" || exit 1
unset PASSAGE_DB || :
PASSAGE_CONF="$dir/none.conf"
export PASSAGE_CONF
prof="$root/contrib/roster/lakeside.profile"
fix="$root/tests/roster/lakeside.csv"
db="$dir/r.db"
apass="admin passphrase here"
spass="supervisor passphrase"

printf '%s\n' "$apass" | "$bin" init "$db" --admin ada --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
printf '%s\n' "$apass" | "$bin" facility add "$db" "County Jail" --user ada --passphrase-fd 0 >/dev/null 2>&1
printf '%s\ntemp passphrase\n' "$apass" |
	"$bin" user add "$db" sup --role supervisor --display "Sam Sup" --user ada --passphrase-fd 0 >/dev/null 2>&1
printf 'temp passphrase\n%s\n' "$spass" | "$bin" passwd "$db" --user sup --passphrase-fd 0 >/dev/null 2>&1
fpass="roster feed passphrase"
printf '%s\ntemp passphrase\n' "$apass" |
	"$bin" user add "$db" feed --role import --display "Roster feed" --user ada --passphrase-fd 0 >/dev/null 2>&1
printf 'temp passphrase\n%s\n' "$fpass" | "$bin" passwd "$db" --user feed --passphrase-fd 0 >/dev/null 2>&1

# $1 the user, $2 the passphrase, then the words; out, err and st set.
imp() {
	u=$1
	p=$2
	shift 2
	out=$(printf '%s\n' "$p" | "$bin" import roster "$db" "$fix" --profile "$prof" --user "$u" \
		--passphrase-fd 0 "$@" 2>"$dir/err")
	st=$?
	err=$(cat "$dir/err")
}

imp ada "$apass"
[ $st -eq 1 ] && has "$err" "only a supervisor or the import account may import"
ok $? "an admin may not import yet"

cp "$db" "$dir/before.db"
imp sup "$spass" --dry-run
[ $st -eq 0 ] && has "$out" "waiting for a look                   4" &&
	has "$out" "Dry run: nothing was changed."
ok $? "a dry run: nobody here yet, all four bookings wait for a look"
! has "$out" DOE && ! has "$out" 17007382 && ! has "$out" 1988
ok $? "  with no name, id or birth date on the output"

imp feed "$fpass"
[ $st -eq 0 ] && has "$out" "waiting for a look                   4" && has "$out" "Recorded as import 1."
ok $? "the import account records what the dry run said"
out=$(printf '%s\n' "$apass" | "$bin" audit list "$db" --action import --format csv --user ada --passphrase-fd 0 2>&1)
has "$out" "roster imported: 5 rows, 4 bookings" && ! has "$out" DOE
ok $? "  one audit row with the counts, and no name"

imp sup "$spass"
[ $st -eq 0 ] && has "$out" "was imported before (import 1): nothing was changed."
ok $? "the same file twice changes nothing"
out=$(printf '%s\n' "$fpass" | "$bin" report metrics "$db" --from 2026-01-01 --to 2026-03-31 --user feed --passphrase-fd 0 2>&1)
has "$out" "this account only imports the jail's roster"
ok $? "  and the import account still reads nothing: $out"

done_testing
