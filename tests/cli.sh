#!/bin/sh
# SPDX-License-Identifier: ISC
# cli.sh - the passage command as a person or a script uses it.
#
# Passphrases go in through --passphrase-fd 3, one per line, as scripts
# are told to do; the terminal prompt is covered by the end-to-end tests.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-cli.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
# Output read back with perl's core modules (tests/lib/OutParse.pm): the
# tests need nothing the build does not already bring.
lib="$PWD/tests/lib"
outparse() { perl -I"$lib" -MOutParse -e "$@"; }
json_ok() { perl -MJSON::PP -e 'local $/; JSON::PP->new->utf8->decode(<STDIN>)' 2>/dev/null; }

db="$dir/site.db"
pass="river stone lantern"

out=$(printf '%s\n' "$pass" | "$bin" init "$db" --admin Dana --kdf interactive --passphrase-fd 0 2>&1)
ok $? "init creates a database"
has "$out" "RECOVERY CODE"; ok $? "init prints the recovery code"
code=$(printf '%s\n' "$out" | sed -n 's/^    \([A-Z0-9-]\{40,\}\)$/\1/p')
[ -n "$code" ]; ok $? "the code is on a line of its own"
[ "$(stat -c %a "$db")" = 600 ]; ok $? "the file is private to its owner (mode 600)"

out=$(printf '%s\n' "$pass" | "$bin" init "$db" --admin Dana --kdf interactive --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "never overwrites"; ok $? "init refuses an existing file"

out=$(printf 'short\n' | "$bin" init "$dir/short.db" --admin Dana --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "at least 8 characters" && [ ! -e "$dir/short.db" ]
ok $? "init refuses a short passphrase and makes no file"

out=$(printf '%s\n' "$pass" | "$bin" verify "$db" --user dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "pages authenticated"; ok $? "verify passes on a new database"

out=$(printf 'Dana\n%s\n' "$pass" | "$bin" verify "$db" --passphrase-fd 0 2>&1)
[ $? -eq 0 ]; ok $? "verify asks for the user name when --user is not given"

out=$(printf 'not it at all\n' | "$bin" verify "$db" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "invalid user name or passphrase"; ok $? "wrong passphrase: one plain message"

out=$(printf '%s\n' "$pass" | "$bin" verify "$db" --user Nobody --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "invalid user name or passphrase"; ok $? "unknown user: the same message"

out=$("$bin" verify "$db" --user Dana --passphrase "$pass" 2>&1)
[ $? -eq 2 ] && has "$out" "unknown option --passphrase"; ok $? "no passphrase on the command line"

out=$(setsid -w "$bin" verify "$db" --user Dana </dev/null 2>&1)
[ $? -eq 1 ]; ok $? "no terminal and no descriptor: a clear refusal"

out=$(printf '%s\nnew passphrase here\n' "$pass" | "$bin" passwd "$db" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "Passphrase changed"; ok $? "passwd changes the passphrase"
printf '%s\n' "$pass" | "$bin" verify "$db" --user Dana --passphrase-fd 0 >/dev/null 2>&1
[ $? -eq 1 ]; ok $? "the old passphrase no longer works"
printf 'new passphrase here\n' | "$bin" verify "$db" --user Dana --passphrase-fd 0 >/dev/null 2>&1
ok $? "the new one does"

out=$(printf '%s\nrecovered passphrase\n' "$code" | "$bin" recover "$db" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "NEW RECOVERY CODE"; ok $? "recover sets a new passphrase and prints a new code"
printf 'recovered passphrase\n' | "$bin" verify "$db" --user Dana --passphrase-fd 0 >/dev/null 2>&1
ok $? "the recovered passphrase works"
code2=$(printf '%s\n' "$out" | sed -n 's/^    \([A-Z0-9-]\{40,\}\)$/\1/p')
out=$(printf '%s\nagain passphrase\n' "$code" | "$bin" recover "$db" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 1 ]; ok $? "the old recovery code no longer works"
out=$(printf '%s\nagain passphrase\n' "$code2" | "$bin" recover "$db" --user Dnaa --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "no user 'Dnaa'"; ok $? "recover refuses a user name that does not exist"
printf 'recovered passphrase\n' | "$bin" verify "$db" --user Dana --passphrase-fd 0 >/dev/null 2>&1
ok $? "and changed nothing"

# Damage one byte of a page: verify names the page.
printf '\377' | dd of="$db" bs=1 seek=$((16384 + 200)) conv=notrunc 2>/dev/null
out=$(printf 'recovered passphrase\n' | "$bin" verify "$db" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "page 1 failed authentication"; ok $? "verify names a damaged page"

if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$db" .tables >/dev/null 2>&1
	[ $? -ne 0 ]; ok $? "the stock sqlite3 command cannot read the file"
fi

printf 'hello\n' >"$dir/text.txt"
out=$(printf 'x\n' | "$bin" verify "$dir/text.txt" --user Dana --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "not a Passage database"; ok $? "a text file is not a Passage database"


# Users and the audit chain.
udb="$dir/users.db"
printf 'admin passphrase\n' | "$bin" init "$udb" --admin Dana --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
out=$(printf 'admin passphrase\ntemp passphrase\n' | "$bin" user add "$udb" mrivera --role caseworker --display "Maria Rivera" --user dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "Added 'mrivera' as caseworker"; ok $? "user add"
out=$(printf 'admin passphrase\n' | "$bin" user list "$udb" --user dana --passphrase-fd 0 2>&1)
has "$out" "mrivera" && has "$out" "Maria Rivera"; ok $? "user list"
out=$(printf 'temp passphrase\n' | "$bin" user list "$udb" --user mrivera --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "change your temporary passphrase first"; ok $? "a temporary passphrase must be changed first"
printf 'temp passphrase\nmy own passphrase\n' | "$bin" passwd "$udb" --user mrivera --passphrase-fd 0 >/dev/null 2>&1
out=$(printf 'my own passphrase\n' | "$bin" user list "$udb" --user mrivera --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "only an admin"; ok $? "a caseworker cannot list users"
out=$(printf 'admin passphrase\n' | "$bin" audit verify "$udb" --user dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "audit log intact"; ok $? "audit verify"
out=$(printf 'admin passphrase\n' | "$bin" user role "$udb" mrivera director --user dana --passphrase-fd 0 2>&1)
[ $? -eq 2 ]; ok $? "an unknown role is a usage error"
out=$(printf 'admin passphrase\n' | "$bin" user disable "$udb" mrivera --user dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "Disabled"; ok $? "user disable"
printf 'my own passphrase\n' | "$bin" verify "$udb" --user mrivera --passphrase-fd 0 >/dev/null 2>&1
[ $? -eq 1 ]; ok $? "a disabled user's passphrase opens nothing"

# The terminal interface needs a terminal, and says so in words.
out=$("$bin" "$db" </dev/null 2>&1)
[ $? -eq 1 ] && has "$out" "needs a terminal"; ok $? "the interface refuses to start without a terminal"
out=$("$bin" --db "$db" </dev/null 2>&1)
[ $? -eq 1 ] && has "$out" "needs a terminal"; ok $? "passage --db FILE is the interface too"
out=$(env -u PASSAGE_DB "$bin" </dev/null 2>&1)
[ $? -eq 1 ] && has "$out" "PASSAGE_DB"; ok $? "passage alone asks which file"

for c in open init verify passwd recover user audit; do
	out=$("$bin" "$c" --help 2>&1)
	[ $? -eq 0 ] && has "$out" "passage $c"; ok $? "passage $c --help"
done
out=$("$bin" --help); [ $? -eq 0 ] && has "$out" "commands:"; ok $? "passage --help"
out=$("$bin" frobnicate 2>&1); [ $? -eq 2 ]; ok $? "an unknown command is a usage error"

# A person's accounting of disclosures.  tui_fixture makes D0000001 with
# disclosures yesterday, 1095 days ago (inside the three years) and 1097
# days ago (outside), and D0000002 with none.
adb="$dir/accounting.db"
apass="accounting passphrase"
printf '%s\n' "$apass" | "$bin" init "$adb" --admin admin --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
for u in casey robin; do
	printf '%s\ntemporary %s 1\n' "$apass" "$u" |
		"$bin" user add "$adb" "$u" --role caseworker --display "Worker $u" --user admin --passphrase-fd 0 >/dev/null 2>&1
	printf 'temporary %s 1\n%s\n' "$u" "$apass" | "$bin" passwd "$adb" --user "$u" --passphrase-fd 0 >/dev/null 2>&1
done
printf '%s\n' "$apass" | "$PWD/$build/tests/tui_fixture" "$adb" casey disclosures
ok $? "a person with disclosures"
report() { printf '%s\n' "$apass" | "$bin" report disclosures "$adb" --passphrase-fd 0 "$@"; }
today=$(date -u +%Y-%m-%d)
from="$((${today%%-*} - 3))-${today#*-}"
[ "${from#*-}" = 02-29 ] && from="${from%%-*}-02-28"

out=$(report --person d0000001 --user casey 2>&1)
[ $? -eq 0 ]; ok $? "report disclosures"
has "$out" "person:      D0000001"; ok $? "  names the person by the code as stored"
has "$out" "period:      $from to $today"; ok $? "  the three years before today"
has "$out" "made by:     Worker casey"; ok $? "  who made it"
printf '%s\n' "$out" | grep -Eq '^audit head:  [0-9]+:[0-9a-f]{16}$'; ok $? "  the audit chain head"
has "$out" "2 disclosures, newest first"; ok $? "  the two inside the period"
! has "$out" "Old request"; ok $? "  not the one outside it"
[ "$(printf '%s\n' "$out" | grep -n 'Dose check' | cut -d: -f1)" -lt \
  "$(printf '%s\n' "$out" | grep -n 'Intake appointment' | cut -d: -f1)" ]; ok $? "  newest first"
has "$out" "consent:  no. 1, signed" && has "$out" "ends with: End of treatment at Eastside"
ok $? "  each with its consent"
out=$(report --person D0000002 --user casey 2>&1)
[ $? -eq 0 ] && has "$out" "No disclosures of this person's records"; ok $? "  none, said plainly"

out=$(report --person D0000001 --user casey --format csv 2>/dev/null)
has "$out" "disclosed_at,recipient,purpose" && has "$out" "# period: $from to $today"
ok $? "as CSV, with the header as comment lines"
[ "$(printf '%s\n' "$out" | grep -c '^"20')" -eq 2 ]; ok $? "  a row each"
out=$(report --person D0000001 --user casey --format json 2>/dev/null)
[ "$(printf '%s\n' "$out" | grep -o '"disclosed_at"' | wc -l)" -eq 2 ] && has "$out" "\"from\": \"$from\""
ok $? "as JSON"
printf '%s\n' "$out" | json_ok; ok $? "  that parses"
{
	# Text that spans lines comes back whole: a quoted CSV cell, a JSON
	# string with its line break escaped.
	report --person D0000001 --user casey --format csv >"$dir/acct.csv" 2>/dev/null
	report --person D0000001 --user casey --format json >"$dir/acct.json" 2>/dev/null
	outparse '
my $scope = "Appointment times and attendance;\nMOUD dose at release";
my $shared = "Buprenorphine dose at release;\nnaloxone kit given";
my $rows = read_csv($ARGV[0]);
die "rows\n" unless @$rows == 3 && !grep { @$_ != 12 } @$rows;
die "cells\n" unless $rows->[1][3] eq $shared && $rows->[1][5] eq $scope;
my $j = read_json($ARGV[1])->{disclosures}[0];
die "json\n" unless $j->{description} eq $shared && $j->{consent}{scope} eq $scope;
' "$dir/acct.csv" "$dir/acct.json"
	ok $? "  a line break inside a CSV cell and a JSON string"
}

mkdir "$dir/out"
out=$(report --person D0000001 --user casey --format csv --out "$dir/out/acct.csv" 2>&1)
[ $? -eq 0 ] && has "$out" "written to" && ! has "$out" "Dose check"; ok $? "--out writes a file and says so"
grep -q '"Dose check"' "$dir/out/acct.csv" && [ "$(stat -c %a "$dir/out/acct.csv")" = 600 ]
ok $? "  the whole report, private to its owner"
printf 'an older report\n' >"$dir/out/keep.csv"
out=$(report --person NOBODY --user casey --out "$dir/out/keep.csv" 2>&1)
[ $? -eq 1 ] && has "$out" "no record you may see has participant code 'NOBODY'"; ok $? "no such person: a clear message"
[ "$(cat "$dir/out/keep.csv")" = "an older report" ] && [ "$(ls "$dir/out" | wc -l)" -eq 2 ]
ok $? "  the file there is untouched and nothing is left beside it"
out=$(report --person D0000001 --user casey --format pdf --out "$dir/out/x.pdf" 2>&1)
[ $? -eq 2 ] && has "$out" "unknown format 'pdf': say table, csv or json" && [ ! -e "$dir/out/x.pdf" ]
ok $? "an unknown format is a usage error and writes nothing"
out=$(report --person D0000001 --user casey --out "$dir/nowhere/acct.csv" 2>&1)
[ $? -eq 1 ] && has "$out" "cannot write $dir/nowhere/acct.csv" && ! has "$out" "Dose"
ok $? "a path that cannot be written: a clear message"
out=$(report --user casey 2>&1)
[ $? -eq 2 ] && has "$out" "give --person CODE"; ok $? "no person given: a usage error"
out=$(report --person D0000001 --user robin 2>&1)
[ $? -eq 1 ] && has "$out" "no record you may see" && ! has "$out" "Dose"
ok $? "another caseworker's person: refused"
out=$("$bin" report disclosures --help 2>&1)
[ $? -eq 0 ] && has "$out" "passage report disclosures FILE --person CODE"; ok $? "report --help"
# The audit log, read by a supervisor and an admin.  Each command that
# unlocks the file logs in once, so ada (the admin) has logged in twice
# by the time it is read: for the user add and for the demo.
adb="$dir/audit.db"
printf 'admin passphrase\n' | "$bin" init "$adb" --admin ada --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
printf 'admin passphrase\ntemp passphrase\n' | "$bin" user add "$adb" sup --role supervisor --user ada --passphrase-fd 0 >/dev/null 2>&1
printf 'temp passphrase\nsupervisor passphrase\n' | "$bin" passwd "$adb" --user sup --passphrase-fd 0 >/dev/null 2>&1
printf 'admin passphrase\n' | "$bin" demo "$adb" --people 3 --seed 1 --user ada --passphrase-fd 0 >/dev/null 2>&1
sup() { printf 'supervisor passphrase\n' | "$bin" audit list "$adb" --user sup --passphrase-fd 0 "$@" 2>&1; }
ada() { printf 'admin passphrase\n' | "$bin" audit list "$adb" --user ada --passphrase-fd 0 "$@" 2>&1; }
out=$(sup)
[ $? -eq 0 ] && [ "$(printf '%s\n' "$out" | head -n 1 | grep -c '^chain head [0-9]*:[0-9a-f]\{16\}$')" = 1 ]
ok $? "audit list prints the chain head first"
has "$out" "audit_list" && has "$out" "user_add" && has "$out" " init "; ok $? "  then every entry"
out=$(sup --action user_add)
[ "$(printf '%s\n' "$out" | grep -c 'user_add')" = 1 ] && has "$out" "supervisor"
ok $? "audit list --action: the one user added, and as what"
out=$(sup --by ADA --action 'login*' --format csv)
[ "$(printf '%s\n' "$out" | grep -c '^"[0-9]*",".*","ada","login",')" = 2 ] &&
	[ "$(printf '%s\n' "$out" | wc -l)" = 4 ]
ok $? "audit list --by --action prefix --format csv: ada's two logins, under the head and the header"
has "$out" '"chain head",'; ok $? "  the CSV carries the chain head too"
out=$(ada --person P0000001)
[ $? -eq 1 ] && has "$out" "record number"; ok $? "an admin cannot search by participant code"
out=$(ada --person '#1')
[ $? -eq 0 ] && has "$out" "#1" && ! has "$out" "P0000001"; ok $? "  but by record number, and sees no code"
out=$(sup --person P0000001)
[ "$(printf '%s\n' "$out" | grep -c 'audit_list.*P0000001')" = 2 ]
ok $? "a supervisor sees both searches about the person, by code"
out=$(sup --action audit_list --format csv)
has "$out" '"audit_list","audit","P0000001","person"' && ! has "$out" '"person P0000001"'
ok $? "  each search audited by the fields it used, not their values"
out=$(sup --from 2026-02-30)
[ $? -eq 1 ] && has "$out" "from: '2026-02-30' is not a date"; ok $? "a date that is not a date is refused"
out=$(sup --from 2000-01-01 --to 2000-01-02)
[ $? -eq 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 2 ]; ok $? "a period with no entries: the head and the header only"
out=$(sup --by nobody)
[ $? -eq 1 ] && has "$out" "nobody is named 'nobody'"; ok $? "a user who does not exist is refused"
out=$(sup --format json)
[ $? -eq 2 ]; ok $? "--format json is a usage error"
out=$(sup --action user_add --out "$dir/audit.txt")
[ $? -eq 0 ] && has "$out" "1 entry written" && head -n 1 "$dir/audit.txt" | grep -q '^chain head'
ok $? "audit list --out writes the file"
out=$(sup --by nobody --out "$dir/none.txt")
[ $? -eq 1 ] && [ ! -e "$dir/none.txt" ]; ok $? "  and a refused search writes none"
out=$(printf 'temp passphrase\n' | "$bin" audit list "$adb" --user ada --passphrase-fd 0 2>&1)
[ $? -eq 1 ]; ok $? "the wrong passphrase reads nothing"
# Exports: sealed CSV for a partner, read back whole or not at all.
edb="$dir/export.db"
printf 'admin passphrase\n' | "$bin" init "$edb" --admin Dana --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
printf 'admin passphrase\n' | "$bin" demo "$edb" --people 40 --user dana --passphrase-fd 0 >/dev/null 2>&1
printf 'admin passphrase\ntemp passphrase\n' | "$bin" user add "$edb" sue --role supervisor --display "Sue" --user dana --passphrase-fd 0 >/dev/null 2>&1
printf 'temp passphrase\nsue passphrase\n' | "$bin" passwd "$edb" --user sue --passphrase-fd 0 >/dev/null 2>&1
harbor="Harbor Methadone Clinic"
out=$(printf 'key passphrase\n' | "$bin" export --keygen --out "$dir/harbor" --for "$harbor" --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && [ -f "$dir/harbor.pub" ] && [ "$(stat -c %a "$dir/harbor.key")" = 600 ]
ok $? "export --keygen writes a public key and a private secret key"
out=$(printf 'key passphrase\n' | "$bin" export --keygen --out "$dir/harbor" --for "$harbor" --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "already exists"; ok $? "and never replaces a key"
# The demo gives about one person in five a consent naming the clinic;
# the others are refused, each leaving no file.
code= refused=0 tries=0
for i in $(seq -w 1 40); do
	tries=$((tries + 1))
	out=$(printf 'sue passphrase\n' | "$bin" export "$edb" --records people --person "P00000$i" --recipient "$dir/harbor.pub" --out "$dir/one.exp" --user sue --passphrase-fd 0 2>&1)
	if [ $? -eq 0 ]; then code="P00000$i"; break; fi
	has "$out" "this person has no consent in force that names $harbor" && [ ! -e "$dir/one.exp" ] && refused=$((refused + 1))
done
[ -n "$code" ] && has "$out" "Exported 1 person"; ok $? "a supervisor exports a consenting person's records to the clinic's key"
[ "$refused" -gt 0 ] && [ "$refused" -eq $((tries - 1)) ]
ok $? "people without a covering consent are refused, leaving no file"
out=$(printf 'key passphrase\n' | "$bin" export --decrypt "$dir/one.exp" --out "$dir/one.csv" --key "$dir/harbor.key" --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && head -n 1 "$dir/one.csv" | grep -q '^"This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2)' &&
	grep -q "^$code,stay," "$dir/one.csv"
ok $? "the partner reads it back with the secret key: the notice, then the records"
out=$(printf 'sue passphrase\n' | "$bin" export "$edb" --records people --person "$code" --for "Someone Else" --recipient "$dir/harbor.pub" --out "$dir/other.exp" --user sue --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "is $harbor's key, not Someone Else's" && [ ! -e "$dir/other.exp" ]; ok $? "a key made for someone else is refused"
size=$(stat -c %s "$dir/one.exp")
cp "$dir/one.exp" "$dir/bad.exp"
# Every bit of the middle byte turned over: writing a fixed byte there
# changes nothing in one file of 256, whose bytes look random.
b=$(od -An -tu1 -j $((size / 2)) -N 1 "$dir/bad.exp" | tr -d ' ')
printf "\\$(printf '%03o' $((b ^ 255)))" | dd of="$dir/bad.exp" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
cmp -s "$dir/one.exp" "$dir/bad.exp" && echo "# the byte was not changed"
out=$(printf 'key passphrase\n' | "$bin" export --decrypt "$dir/bad.exp" --out "$dir/bad.csv" --key "$dir/harbor.key" --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "changed or damaged after it was written" && [ ! -e "$dir/bad.csv" ]; ok $? "a changed export is refused and leaves nothing"
rm -f "$dir/bad.csv"
head -c $((size - 10)) "$dir/one.exp" >"$dir/bad.exp"
out=$(printf 'key passphrase\n' | "$bin" export --decrypt "$dir/bad.exp" --out "$dir/bad.csv" --key "$dir/harbor.key" --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "cut short" && [ ! -e "$dir/bad.csv" ]; ok $? "a truncated export is refused and leaves nothing"
out=$(printf 'sue passphrase\n' | "$bin" export "$edb" --records people --person "$code" --recipient "$dir/harbor.pub" --out "$dir/nope/x.exp" --user sue --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "the folder does not exist" && [ -z "$(ls "$dir" | grep tmp-)" ]; ok $? "an output path that cannot be written: a clear message, nothing left"
chmod 644 "$dir/harbor.key"
out=$(printf 'key passphrase\n' | "$bin" export --decrypt "$dir/one.exp" --out "$dir/two.csv" --key "$dir/harbor.key" --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "can be read by others" && [ ! -e "$dir/two.csv" ]; ok $? "a secret key others can read is refused"
chmod 600 "$dir/harbor.key"
out=$(printf 'sue passphrase\nexport passphrase\n' | "$bin" export "$edb" --records people --person "$code" --for "$harbor" --out "$dir/pass.exp" --user sue --passphrase-fd 0 2>&1)
[ $? -eq 0 ]; ok $? "an export sealed with a passphrase"
out=$(printf 'not the passphrase\n' | "$bin" export --decrypt "$dir/pass.exp" --out "$dir/pass.csv" --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "wrong passphrase" && [ ! -e "$dir/pass.csv" ]; ok $? "a wrong passphrase is refused"
out=$(printf 'export passphrase\n' | "$bin" export --decrypt "$dir/pass.exp" --out "$dir/pass.csv" --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && [ "$(sed 2,3d "$dir/pass.csv")" = "$(sed 2,3d "$dir/one.csv")" ]
ok $? "the right one gives the same records as the keyed export"
out=$(printf 'admin passphrase\n' | "$bin" export "$edb" --records people --person "$code" --for "$harbor" --out "$dir/admin.exp" --user dana --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "admins see no case records" && [ ! -e "$dir/admin.exp" ]; ok $? "an admin cannot export"
out=$(printf 'admin passphrase\n' | "$bin" audit verify "$edb" --user dana --passphrase-fd 0 2>&1)
[ $? -eq 0 ] && has "$out" "audit log intact"; ok $? "the audit chain holds the exports"
out=$("$bin" export --help 2>&1)
[ $? -eq 0 ] && has "$out" "passage export FILE --records"; ok $? "passage export --help"
# report metrics: a supervisor's program report on demo people, in three
# formats; bad input says so, exits 1 (usage 2) and writes nothing.
rdb="$dir/report.db"
rpass="report passphrase"
printf '%s\n' "$rpass" | "$bin" init "$rdb" --admin ada --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
for u in sara:supervisor carl:caseworker; do
	printf '%s\n%s\n' "$rpass" "$rpass" |
		"$bin" user add "$rdb" "${u%%:*}" --role "${u#*:}" --user ada --passphrase-fd 0 >/dev/null 2>&1
	printf '%s\n%s\n' "$rpass" "$rpass" |
		"$bin" passwd "$rdb" --user "${u%%:*}" --passphrase-fd 0 >/dev/null 2>&1
done
printf '%s\n' "$rpass" | "$bin" demo "$rdb" --people 60 --seed 3 --user ada --passphrase-fd 0 >/dev/null 2>&1
ok $? "report: a demo database to report on"
rfrom=$(date -u -d '-150 days' +%F)
rto=$(date -u +%F)
report() { printf '%s\n' "$rpass" | "$bin" report metrics "$rdb" --passphrase-fd 0 "$@"; }
audits() { printf '%s\n' "$rpass" | "$bin" audit verify "$rdb" --user ada --passphrase-fd 0 2>&1 | sed -n 's/.*intact, \([0-9]*\) rows.*/\1/p'; }
out=$(report --user sara --from "$rfrom" --to "$rto" 2>&1)
[ $? -eq 0 ] && has "$out" "Program report: $rfrom to $rto, all facilities" &&
	has "$out" "by sara" && has "$out" "Audit chain head: " && has "$out" "Releases"
ok $? "report metrics: the table states its period, maker and audit chain head"
long=$(printf '%s\n' "$out" | awk 'length > 80' | wc -l)
[ "$long" -eq 0 ]; ok $? "report metrics: the table fits in 80 columns"
out=$(report --user sara --from "$rfrom" --to "$rto" --format json 2>&1)
[ $? -eq 0 ] && printf '%s\n' "$out" | json_ok &&
	has "$out" '"audit_head": "' && has "$out" '"unplanned": {"releases": '
ok $? "report metrics: JSON is valid"
out=$(report --user sara --from 2001-01-01 --to 2001-03-31 --format json 2>&1)
[ $? -eq 0 ] && printf '%s\n' "$out" | json_ok &&
	has "$out" '"releases": 0, "educated": {"count": 0, "of": 0, "pct": null}'
ok $? "report metrics: no releases gives null percentages, not 0"
report --user sara --from "$rfrom" --to "$rto" --format csv --out "$dir/r.csv" >"$dir/r.stdout" 2>&1
[ $? -eq 0 ] && [ ! -s "$dir/r.stdout" ] && outparse '
my $rows = parse_csv(slurp($ARGV[0]));
die "head\n" unless join(",", @{$rows->[0]}[0..2]) eq "period_from,period_to,facility";
die "widths\n" if grep { @$_ != @{$rows->[0]} } @$rows;
die "splits\n" unless join(",", map { $_->[8] } @$rows[1..3]) eq "all,planned,unplanned";
die "sum\n" unless $rows->[1][9] == $rows->[2][9] + $rows->[3][9];
my $crlf = () = slurp($ARGV[0]) =~ /\r\n/g;
die "line ends\n" unless $crlf == @$rows;
' "$dir/r.csv"
ok $? "report metrics: CSV to --out, RFC 4180, planned + unplanned = all"
# A maker's name with a quote, a comma and a backslash, in every row of
# the CSV and in the JSON, comes back as it was given.
odd='Sam "the Boss" Diaz, RN \ West'
printf '%s\n%s\n' "$rpass" "$rpass" |
	"$bin" user add "$rdb" sam --role supervisor --display "$odd" --user ada --passphrase-fd 0 >/dev/null 2>&1
printf '%s\n%s\n' "$rpass" "$rpass" | "$bin" passwd "$rdb" --user sam --passphrase-fd 0 >/dev/null 2>&1
report --user sam --from "$rfrom" --to "$rto" --format csv >"$dir/odd.csv" 2>&1 &&
	report --user sam --from "$rfrom" --to "$rto" --format json >"$dir/odd.json" 2>&1 &&
	outparse '
my $rows = parse_csv(slurp($ARGV[0]));
die "csv\n" unless @$rows > 1 && !grep { $_->[4] ne $ARGV[2] } @$rows[1..$#$rows];
die "json\n" unless read_json($ARGV[1])->{made_by} eq $ARGV[2];
' "$dir/odd.csv" "$dir/odd.json" "$odd"
ok $? "report metrics: a name needing quotes and escapes, whole in CSV and JSON"
# A maker's name a spreadsheet would run as a formula stays text in the
# CSV (an apostrophe first); the JSON keeps it as it is.
printf '%s\n%s\n' "$rpass" "$rpass" |
	"$bin" user add "$rdb" eve --role supervisor --display '=HYPERLINK("x")' --user ada \
		--passphrase-fd 0 >/dev/null 2>&1
printf '%s\n%s\n' "$rpass" "$rpass" | "$bin" passwd "$rdb" --user eve --passphrase-fd 0 >/dev/null 2>&1
report --user eve --from "$rfrom" --to "$rto" --format csv >"$dir/eve.csv" 2>&1 &&
	report --user eve --from "$rfrom" --to "$rto" --format json >"$dir/eve.json" 2>&1 &&
	outparse '
my $rows = parse_csv(slurp($ARGV[0]));
die "csv\n" unless @$rows > 1 && !grep { $_->[4] ne "\x27=HYPERLINK(\"x\")" } @$rows[1..$#$rows];
die "json\n" unless read_json($ARGV[1])->{made_by} eq "=HYPERLINK(\"x\")";
' "$dir/eve.csv" "$dir/eve.json"
ok $? "report metrics: a name starting with = is text in the CSV, as it is in the JSON"
fac=$(report --user sara --from "$rfrom" --to "$rto" --format csv 2>/dev/null | sed -n '5,$p' |
	awk -F'","' '$0 ~ /,facility,/ {print}' | head -1 | sed 's/.*,facility,"\([^"]*\)".*/\1/')
out=$(report --user sara --from "$rfrom" --to "$rto" --facility "$fac" 2>&1)
[ $? -eq 0 ] && [ -n "$fac" ] && has "$out" "to $rto, $fac" && ! has "$out" "all facilities"
ok $? "report metrics --facility: the report names the facility"
# Each command that unlocks the file records its login: count those.
b0=$(audits)
before=$(audits)
k=$((before - b0))
out=$(report --user sara --from 2026-02-30 --to "$rto" 2>&1)
[ $? -eq 1 ] && has "$out" "is not a date"; ok $? "report metrics: a date that is not a date"
out=$(report --user sara --from "$rto" --to "$rfrom" 2>&1)
[ $? -eq 1 ] && has "$out" "before it starts"; ok $? "report metrics: a period that ends before it starts"
out=$(report --user sara --from "$rfrom" --to "$rto" --facility "No Such Place" 2>&1)
[ $? -eq 1 ] && has "$out" "no facility named 'No Such Place'"; ok $? "report metrics: an unknown facility"
out=$(report --user sara --from "$rfrom" --to "$rto" --format xml 2>&1)
[ $? -eq 2 ] && has "$out" "table, csv or json"; ok $? "report metrics: an unknown format is a usage error"
out=$(report --user sara --from "$rfrom" 2>&1)
[ $? -eq 2 ] && has "$out" "--to"; ok $? "report metrics: --to is needed"
out=$(report --user sara --from "$rfrom" --to "$rto" --out "$dir/nowhere/r.csv" 2>&1)
[ $? -eq 1 ] && has "$out" "cannot write" && [ ! -e "$dir/nowhere" ]
ok $? "report metrics: an output path that cannot be written"
out=$(report --user carl --from "$rfrom" --to "$rto" --out "$dir/carl.txt" 2>&1)
[ $? -eq 1 ] && has "$out" "only supervisors" && [ ! -e "$dir/carl.txt" ] &&
	[ -z "$(ls "$dir" | grep carl)" ]
ok $? "report metrics: a caseworker is refused, and no file is left"
# Five refusals came after a login; the two usage errors before one.
after=$(audits)
[ -n "$before" ] && [ "$after" = "$((before + k + 5))" ]
ok $? "report metrics: refusals add no audit row but their logins"
report --user sara --from "$rfrom" --to "$rto" >/dev/null 2>&1
[ "$(audits)" = "$((after + k + 2))" ]; ok $? "report metrics: a report adds one audit row (and a login)"
out=$("$bin" report metrics --help 2>&1)
[ $? -eq 0 ] && has "$out" "--format csv"; ok $? "passage report metrics --help"

done_testing
