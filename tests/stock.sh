#!/bin/sh
# SPDX-License-Identifier: ISC
# stock.sh - naloxone stock through the passage command: kits received,
# listed, a count corrected, the list to reconcile, and the words a
# mistake gets.  Passphrases go in through a descriptor.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-stock.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
pass="admin passphrase"
db="$dir/stock.db"
# "as_cal stock list" runs "passage stock list FILE" as cal.
as_ada() { c=$1 v=$2; shift 2; printf '%s\n' "$pass" | "$bin" "$c" "$v" "$db" "$@" --user ada --passphrase-fd 0 2>&1; }
as_cal() { c=$1 v=$2; shift 2; printf 'caseworker passphrase\n' | "$bin" "$c" "$v" "$db" "$@" --user cal --passphrase-fd 0 2>&1; }
unset TZ

printf '%s\n' "$pass" | "$bin" init "$db" --admin ada --kdf interactive --passphrase-fd 0 \
	>/dev/null 2>&1 &&
	printf '%s\n' "$pass" | "$bin" facility add "$db" "County Jail" --user ada \
	--passphrase-fd 0 >/dev/null 2>&1 &&
	printf '%s\ntemporary pass\n' "$pass" |
	"$bin" user add "$db" cal --role caseworker --user ada --passphrase-fd 0 >/dev/null 2>&1 &&
	printf 'temporary pass\ncaseworker passphrase\n' |
	"$bin" passwd "$db" --user cal --passphrase-fd 0 >/dev/null 2>&1
ok $? "a file with a facility, an admin and a caseworker"

# Far enough ahead not to be expiring, and one that is.
far=$(date -u -d '+2 years' +%Y-%m)
soon=$(date -u -d '+20 days' +%Y-%m-%d)

out=$(as_cal stock receive --facility "county jail" --formulation nasal_4mg --quantity 24 \
	--lot A-100 --expiry "$far" --source "State naloxone program")
echo "$out" | grep -q "Received 24 kits into lot A-100 at County Jail"
ok $? "a caseworker receives 24 kits (the facility named in any case)"
out=$(as_cal stock receive --facility "County Jail" --formulation nasal_8mg --quantity 6 \
	--lot B-7 --expiry "$soon" --source "Harm reduction coalition")
ok $? "6 kits of a lot that expires in 20 days"
out=$(as_cal stock list)
has "$out" "4 mg nasal spray" && has "$out" "On hand: 30 kits; 6 in lots expiring within 60 days."
ok $? "list: labels, and 24 + 6 = 30 on hand, 6 expiring"
echo "$out" | grep "B-7" | grep -q "EXPIRING" && ! echo "$out" | grep "A-100" | grep -q EXPIRING
ok $? "  only the lot expiring soon is marked"
has "$out" "nasal_4mg"
[ $? -ne 0 ]; ok $? "  no codes shown"

out=$(as_cal stock correct --facility "County Jail" --lot A-100 --count 20 \
	--reason "Counted the shelf; four were missing.")
[ $? -eq 1 ] && has "$out" "only administrators correct a stock count"
ok $? "a caseworker cannot correct a count"
out=$(as_ada stock correct --facility "County Jail" --lot A-100 --count 20 \
	--reason "Counted the shelf; four were missing.")
has "$out" "Lot A-100 at County Jail now holds 20 kits."
ok $? "an admin corrects A-100 to 20"
out=$(as_ada stock list)
has "$out" "On hand: 26 kits"
ok $? "  on hand 20 + 6 = 26"
out=$(as_ada stock correct --facility "County Jail" --lot A-100 --count 5 --reason "x")
[ $? -eq 1 ] && has "$out" "reason: say in a few words"
ok $? "a reason of one letter is refused"
out=$(as_ada stock reconcile)
has "$out" "Nothing to reconcile."
ok $? "nothing to reconcile yet"

# Mistakes, said before any passphrase is asked (nothing on the descriptor).
out=$("$bin" stock receive "$db" --facility "County Jail" --formulation nasal_4mg \
	--lot A-1 --expiry "$far" --source S </dev/null 2>&1)
[ $? -eq 2 ] && has "$out" "receive needs --quantity"
ok $? "a missing option is named"
out=$("$bin" stock correct "$db" --facility "County Jail" --lot A-1 --count -2 \
	--reason "Counted it twice over." </dev/null 2>&1)
[ $? -eq 2 ] && has "$out" "--count is a whole number of kits, 0 or more"
ok $? "a count below zero is refused before unlocking"
out=$("$bin" stock reconcile "$db" 3 </dev/null 2>&1)
[ $? -eq 2 ] && has "$out" "reconcile needs --reason"
ok $? "closing an item needs a reason"
out=$(as_cal stock receive --facility "County Jail" --formulation nasal_4mg --quantity 2 \
	--lot OLD --expiry 2020-01 --source "Someone")
[ $? -eq 1 ] && has "$out" "have expired"
ok $? "expired kits are refused"
out=$(as_cal stock receive --facility "Nowhere" --formulation nasal_4mg --quantity 2 \
	--lot N-1 --expiry "$far" --source "Someone")
[ $? -eq 1 ] && has "$out" "no facility named"
ok $? "an unknown facility is named"

# ---------------------------------------------------------------- report naloxone
# On demo people: the three formats carry the same figures, and the
# figures add up (every split of the kits given sums to the kits given).
printf '%s\nsupervisor pass\n' "$pass" |
	"$bin" user add "$db" sara --role supervisor --user ada --passphrase-fd 0 >/dev/null 2>&1 &&
	printf 'supervisor pass\nsupervisor passphrase\n' |
	"$bin" passwd "$db" --user sara --passphrase-fd 0 >/dev/null 2>&1 &&
	printf '%s\n' "$pass" | "$bin" demo "$db" --people 80 --seed 5 --user ada \
	--passphrase-fd 0 >/dev/null 2>&1
ok $? "a supervisor and 80 demo people"
from=$(date -u -d '-400 days' +%F)
to=$(date -u +%F)
report() { printf 'supervisor passphrase\n' | "$bin" report naloxone "$db" --user sara \
	--passphrase-fd 0 --from "$from" --to "$to" "$@" 2>&1; }
json_ok() { perl -MJSON::PP -e 'local $/; JSON::PP->new->utf8->decode(<STDIN>)' 2>/dev/null; }
table=$(report)
[ $? -eq 0 ] && has "$table" "Naloxone distribution: $from to $to, all facilities" &&
	has "$table" "Audit chain head: " && has "$table" "Kits by formulation"
ok $? "the table states its period, maker and audit chain head"
[ "$(printf '%s\n' "$table" | awk 'length > 80' | wc -l)" -eq 0 ]
ok $? "  and fits in 80 columns"
has "$table" "nasal_4mg" || has "$table" "in_hand" || has "$table" "confiscated"
[ $? -ne 0 ]; ok $? "  labels, never codes"
report --format csv --out "$dir/n.csv" >"$dir/n.out"
[ $? -eq 0 ] && [ ! -s "$dir/n.out" ] && head -n 1 "$dir/n.csv" | grep -q "section,code,label,count"
ok $? "CSV written whole to --out, nothing on standard output"
json=$(report --format json)
[ $? -eq 0 ] && printf '%s\n' "$json" | json_ok
ok $? "JSON is valid"
# One figure from each format: section and code, the count.
from_csv() { awk -F, -v s="$1" -v c="\"$2\"" '$7 == s && $8 == c { sub(/\r$/, "", $NF); print $NF }' "$dir/n.csv"; }
from_json() { printf '%s\n' "$json" | perl -MJSON::PP -e 'local $/; my $j = JSON::PP->new->decode(<STDIN>);
	print join("", map { $_->{count} } grep { $_->{code} eq $ARGV[1] } @{$j->{$ARGV[0]}}), "\n"' "$1" "$2"; }
sum_json() { printf '%s\n' "$json" | perl -MJSON::PP -e 'local $/; my $j = JSON::PP->new->decode(<STDIN>);
	my $t = 0; $t += $_->{count} for @{$j->{$ARGV[0]}}; print "$t\n"' "$1"; }
from_table() { printf '%s\n' "$table" | awk -v l="$1" 'index($0, "  " l " ") == 1 { print $NF; exit }'; }
kits=$(from_json kits_given kits)
[ "${kits:-0}" -gt 0 ] && [ "$(from_csv kits_given kits)" = "$kits" ] &&
	[ "$(from_table "kits given")" = "$kits" ]
ok $? "kits given agree in the three formats ($kits)"
[ "$(sum_json by_formulation)" = "$kits" ] && [ "$(sum_json by_handover)" = "$kits" ] &&
	[ "$(sum_json by_facility)" = "$kits" ] && [ "$(sum_json first_or_refill)" = "$kits" ]
ok $? "  by formulation, handover, facility and first or refill they add up to it"
# Each key once: the filter's "facility" is not also the name of a section.
[ "$(printf '%s\n' "$json" | grep -o '"facility": ' | wc -l)" -eq 1 ]
ok $? "no key of the JSON report is written twice"
uses=$(from_json uses_reported reports)
[ "$(from_csv uses_reported reports)" = "$uses" ] && [ "$(from_table "uses reported")" = "$uses" ] &&
	[ "$(from_json uses_reported survived)" -le "$uses" ]
ok $? "uses reported agree ($uses), and no more survived than uses"
# The demo receives kits of its own and draws its handovers from them.
listed=$(as_ada stock list | sed -n 's/^On hand: \([0-9]*\) kits.*/\1/p')
[ "${listed:-0}" -gt 26 ] && [ "$(from_json stock on_hand)" = "$listed" ] &&
	[ "$(from_table "kits on hand")" = "$listed" ]
ok $? "stock on hand: the $listed kits the stock list shows (26 and the demo's)"
out=$(printf 'caseworker passphrase\n' | "$bin" report naloxone "$db" --user cal \
	--passphrase-fd 0 --from "$from" --to "$to" 2>&1)
[ $? -eq 1 ] && has "$out" "only supervisors"
ok $? "a caseworker is refused"
out=$("$bin" report naloxone "$db" --from "$from" </dev/null 2>&1)
[ $? -eq 2 ] && has "$out" "report naloxone needs --from DATE and --to DATE"
ok $? "a missing date is named before unlocking"

done_testing
