#!/bin/sh
# SPDX-License-Identifier: ISC
# roster_contrib.sh - each example profile of contrib/roster/ reads the
# sample roster beside it (made-up people): a dry run with no database
# counts its bookings by kind, and a real import into a file fresh from
# init (with the one facility an import needs) records them, nobody
# linked (nobody is there yet), and the same file again changes nothing.
# With a second facility each profile must name its own: the examples
# carry that line, to un-comment.
set -u
build=${PASSAGE_BUILD:-build}
root=$PWD
bin="$root/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-rcontrib.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
cd "$dir" || exit 1
unset PASSAGE_DB || :
PASSAGE_CONF="$dir/none.conf"
export PASSAGE_CONF
contrib="$root/contrib/roster"
db="$dir/site.db"
apass="admin passphrase here"
spass="supervisor passphrase"

# The kinds a dry run counts, in its order: rows, bookings, released with
# a time, with a date only, with no time, transferred, in custody, with
# an expected date, skipped.
dry() {
	out=$("$bin" import roster "$contrib/$1.csv" --profile "$contrib/$1.profile" --dry-run \
		2>&1 </dev/null)
	st=$?
	got=$(printf '%s\n' "$out" | sed -n 's/^  [a-z].*[a-z] *\([0-9][0-9]*\)$/\1/p' |
		tr '\n' ' ')
}

for p in lakeside ridge harbor; do
	[ -f "$contrib/$p.csv" ]; ok $? "$p: a sample roster beside the profile"
done

dry lakeside
[ $st -eq 0 ] && [ "$got" = "5 4 1 1 0 1 1 0 0 " ]
check $? "lakeside: one row per charge, a time, a midnight that means a date only" "$out"
dry ridge
[ $st -eq 0 ] && [ "$got" = "5 5 1 1 1 1 1 0 0 " ]
check $? "ridge: Latin-1 and CRLF, the time in its own column" "$out"
dry harbor
[ $st -eq 0 ] && [ "$got" = "4 3 0 0 0 0 3 2 0 " ]
check $? "harbor: a snapshot of packed ids, two expected dates" "$out"
has "$out" "full snapshot"
ok $? "  said to be a full snapshot"

# A file fresh from init at $1, with a supervisor, sup, and the
# facilities named after it.
site() {
	f=$1
	shift
	printf '%s\n' "$apass" | "$bin" init "$f" --admin ada --kdf interactive --passphrase-fd 0 \
		>/dev/null 2>&1
	for fac in "$@"; do
		printf '%s\n' "$apass" | "$bin" facility add "$f" "$fac" --user ada \
			--passphrase-fd 0 >/dev/null 2>&1
	done
	printf '%s\ntemp passphrase\n' "$apass" | "$bin" user add "$f" sup --role supervisor \
		--display "Sam Sup" --user ada --passphrase-fd 0 >/dev/null 2>&1
	printf 'temp passphrase\n%s\n' "$spass" | "$bin" passwd "$f" --user sup --passphrase-fd 0 \
		>/dev/null 2>&1
}
site "$db" "County Jail"

# $1 the jail, $2 its profile (the example's by default); out and st set.
imp() {
	out=$(printf '%s\n' "$spass" | "$bin" import roster "$db" "$contrib/$1.csv" \
		--profile "${2:-$contrib/$1.profile}" --user sup --passphrase-fd 0 2>&1)
	st=$?
}

k=0
for j in lakeside:4 ridge:5 harbor:3; do
	p=${j%:*}
	k=$((k + 1))
	imp "$p"
	[ $st -eq 0 ] && has "$out" "bookings                             ${j#*:}" &&
		has "$out" "waiting for a look                   ${j#*:}" &&
		has "$out" "rows skipped                         0" &&
		has "$out" "Recorded as import $k."
	check $? "$p: imported into a new file, every booking waiting for a look" "$out"
	imp "$p"
	[ $st -eq 0 ] && has "$out" "was imported before (import $k)"
	check $? "  and the same file again changes nothing" "$out"
done

# A second facility: each profile must name its own.  The examples carry
# the line, commented out; a site with two jails un-comments it with
# the name the site gave each.
db="$dir/two.db"
site "$db" "County Jail" "Second Jail"
for p in lakeside ridge harbor; do
	imp "$p"
	[ $st -eq 1 ] && has "$out" "profile (facility = NAME)"
	check $? "$p: with two facilities, the profile as shipped is refused" "$out"
	grep -q '^#facility = ' "$contrib/$p.profile"
	ok $? "  and it carries the facility line to un-comment"
	sed 's/^#facility = .*/facility = Second Jail/' "$contrib/$p.profile" >"$dir/$p.profile"
	imp "$p" "$dir/$p.profile"
	[ $st -eq 0 ] && has "$out" "Recorded as import"
	check $? "  un-commented, naming one of them: recorded" "$out"
done
done_testing
