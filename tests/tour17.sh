#!/bin/sh
# SPDX-License-Identifier: ISC
# tour17.sh - what a new site's admin and supervisor read on the command
# line on release day: the stock's tables stay in their columns whatever
# the length of a facility's name or a lot (a county's names are long,
# and some are not ASCII), one kit is "1 kit", and the roster import's
# summary keeps every count in its column; a first setting was "not
# set"; the Spanish plan says plainly how naloxone goes in the nose.
# Passphrases go in through a descriptor.
set -u
build=${PASSAGE_BUILD:-build}
root=$PWD
bin="$root/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-tour17.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
unset PASSAGE_DB TZ || :
PASSAGE_CONF="$dir/none.conf"
export PASSAGE_CONF LC_ALL=C.UTF-8
db="$dir/t.db"
apass="admin passphrase here"
spass="supervisor passphrase"
jail="Millbrook County Jail"
center="Centre de réinsertion du comté de Millbrook"
far=$(date -u -d '+2 years' +%Y-%m)

as() { u=$1 p=$2; shift 2; printf '%s\n' "$p" | "$bin" "$@" --user "$u" --passphrase-fd 0 2>&1; }
admin() { as ada "$apass" "$@"; }
# columns: the character (not byte) at which each line's first date
# (YYYY-MM-DD) or the word EXPIRES starts, once per distinct column, so
# an aligned table prints one number.
columns() {
	printf '%s\n' "$1" | perl -CSA -ne 'print "$-[0]\n" if /EXPIRES|\d{4}-\d\d-\d\d(?=\s+\d)/' |
		sort -u
}

printf '%s\n' "$apass" | "$bin" init "$db" --admin ada --kdf interactive --passphrase-fd 0 \
	>/dev/null 2>&1 &&
	admin facility add "$db" "$jail" >/dev/null &&
	admin facility add "$db" "$center" >/dev/null &&
	printf '%s\ntemp passphrase\n' "$apass" | "$bin" user add "$db" sup --role supervisor \
		--user ada --passphrase-fd 0 >/dev/null 2>&1 &&
	printf 'temp passphrase\n%s\n' "$spass" | "$bin" passwd "$db" --user sup \
		--passphrase-fd 0 >/dev/null 2>&1
ok $? "a file with two facilities, one named in French, an admin and a supervisor"

out=$(admin setting "$db" plan.hotline "1-800-555-0199")
has "$out" "plan.hotline: 1-800-555-0199 (was not set)"
check $? "a setting set the first time was not set before, and says so" "$out"

out=$(admin stock receive "$db" --facility "$jail" --formulation nasal_4mg --quantity 24 \
	--lot NX-A1 --expiry "$far" --source "State naloxone program")
check $? "24 kits received at the jail" "$out"
out=$(admin stock receive "$db" --facility "$center" --formulation im_0_4mg_ml --quantity 1 \
	--lot "IM-2027-0042-LAKEVIEW" --expiry "$far" --source "County pharmacy")
has "$out" "Received 1 kit into lot IM-2027-0042-LAKEVIEW"
check $? "one kit is \"1 kit\"" "$out"

out=$(admin stock list "$db")
has "$out" "$center" && has "$out" "IM-2027-0042-LAKEVIEW" &&
	[ "$(columns "$out" | wc -l)" -eq 1 ]
check $? "list: the expiry column starts at one place on every line" "$out"
has "$out" "On hand: 25 kits" && has "$out" "LOW: 1 facility holds fewer kits"
check $? "  24 + 1 = 25 on hand; one facility is low, said in the singular" "$out"

# The roster of the centre, one person in custody.
cat >"$dir/r.csv" <<EOF
Booking Number,Inmate Name,DOB,Booking Date,Release Date,Status,Charge
17007382,"DOE, JANE Q",03/14/1988,2017-11-10 22:15:00 EST,,In Custody,Theft
EOF
sed "s/^#facility = .*/facility = $center/" "$root/contrib/roster/lakeside.profile" \
	>"$dir/center.profile"
out=$(as sup "$spass" import roster "$db" "$dir/r.csv" --profile "$dir/center.profile" --dry-run)
printf '%s\n' "$out" | grep -q "of them with no time" &&
	! printf '%s\n' "$out" | grep '^  ' | grep -Ev '^  .{36} [0-9]+$' >/dev/null
check $? "import summary: every count in its column" "$out"

# The Spanish plan's overdose steps: a nasal spray is "un espray", as the
# plan names the kit ("espray nasal de 4 mg"), not "un disparo" (a shot
# fired).
admin demo "$db" --people 3 --seed 1 >/dev/null &&
	admin plan template install "$db" "$root/contrib/plan/es.plan" --lang es >/dev/null &&
	as sup "$spass" plan "$db" --person P0000001 --lang es --out "$dir/es.pdf" >/dev/null
check $? "a plan in Spanish" ""
text=$(pdftotext "$dir/es.pdf" - 2>&1 | tr '\n' ' ')
has "$text" "Dé naloxona: un espray en la nariz" && ! has "$text" "disparo"
check $? "  naloxone in the nose is \"un espray\"" "$text"

done_testing
