#!/bin/sh
# cli.sh - the passage command as a person or a script uses it.
#
# Passphrases go in through --passphrase-fd 3, one per line, as scripts
# are told to do; the terminal prompt is covered by the end-to-end tests.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-cli.XXXXXX")
trap 'rm -rf "$dir"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
has() { case "$1" in *"$2"*) return 0 ;; esac; return 1; }

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
[ $? -eq 0 ] && printf '%s\n' "$out" | python3 -m json.tool >/dev/null &&
	has "$out" '"audit_head": "' && has "$out" '"unplanned": {"releases": '
ok $? "report metrics: JSON is valid"
out=$(report --user sara --from 2001-01-01 --to 2001-03-31 --format json 2>&1)
[ $? -eq 0 ] && printf '%s\n' "$out" | python3 -m json.tool >/dev/null &&
	has "$out" '"releases": 0, "educated": {"count": 0, "of": 0, "pct": null}'
ok $? "report metrics: no releases gives null percentages, not 0"
report --user sara --from "$rfrom" --to "$rto" --format csv --out "$dir/r.csv" >"$dir/r.stdout" 2>&1
[ $? -eq 0 ] && [ ! -s "$dir/r.stdout" ] && python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][:3] == ["period_from", "period_to", "facility"], rows[0]
assert all(len(r) == len(rows[0]) for r in rows)
assert [r[8] for r in rows[1:4]] == ["all", "planned", "unplanned"]
assert int(rows[1][9]) == int(rows[2][9]) + int(rows[3][9])
assert open(sys.argv[1], "rb").read().count(b"\r\n") == len(rows)
' "$dir/r.csv"
ok $? "report metrics: CSV to --out, RFC 4180, planned + unplanned = all"
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

echo "1..$n"
exit $fail
