#!/bin/sh
# SPDX-License-Identifier: ISC
# site.sh - a site set up from an empty file: init's site name and time
# zone, and the facilities and providers admins keep with the passage
# command.  Passphrases go in through a descriptor, as scripts give them.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-site.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
pass="admin passphrase"
init() { printf '%s\n' "$pass" | "$bin" init "$@" --admin ada --kdf interactive --passphrase-fd 0 2>&1; }
# "as_ada facility add NAME" runs "passage facility add FILE NAME" as ada.
words() { case $1 in setting | verify) echo "$1" ;; *) echo "$1 $2" ;; esac; }
as_ada() { w=$(words "$@"); shift $(echo "$w" | wc -w); printf '%s\n' "$pass" | "$bin" $w "$db" "$@" --user ada --passphrase-fd 0 2>&1; }
as_cal() { w=$(words "$@"); shift $(echo "$w" | wc -w); printf 'caseworker passphrase\n' | "$bin" $w "$db" "$@" --user cal --passphrase-fd 0 2>&1; }

# This machine's zone, found the way passage(1) says (TZ is tried
# first, and is tested on its own below).
unset TZ
machine=UTC
link=$(readlink /etc/localtime 2>/dev/null) && case "$link" in
*zoneinfo/*) machine=${link#*zoneinfo/}; machine=${machine#posix/} ;;
esac
if [ "$machine" = UTC ] && [ -r /etc/timezone ]; then
	machine=$(head -n 1 /etc/timezone | tr -d ' \t\r')
fi
[ -f "/usr/share/zoneinfo/$machine" ] || machine=UTC

# ---------------------------------------------------------------- init
db="$dir/plain.db"
out=$(init "$db")
[ $? -eq 0 ] && has "$out" "Site: Passage, time zone $machine (this machine's)."
ok $? "init with a descriptor asks nothing and says what it chose"
out=$(as_ada setting site.time_zone)
[ "$out" = "$machine" ]; ok $? "the site's zone is this machine's ($machine)"

out=$(TZ=America/Denver init "$dir/denver.db")
[ $? -eq 0 ] && has "$out" "time zone America/Denver (this machine's)"
ok $? "TZ, when it names a zone, is this machine's zone"

db="$dir/site.db"
out=$(init "$db" --site "Lakeview Reentry" --time-zone America/Chicago)
[ $? -eq 0 ] && has "$out" "Site: Lakeview Reentry, time zone America/Chicago."
ok $? "init takes --site and --time-zone"
out=$(as_ada setting)
has "$out" "site.name              Lakeview Reentry" &&
	has "$out" "site.time_zone         America/Chicago"
ok $? "  and keeps them as the site's settings"
out=$(as_ada audit list --action setting)
has "$out" "site.name" && has "$out" "site.time_zone" && has "$out" " ada "
ok $? "  audited as settings the first admin made"

out=$(init "$dir/mars.db" --time-zone Mars/Olympus)
[ $? -eq 2 ] && has "$out" "'Mars/Olympus' is not a time zone this system knows" &&
	[ ! -e "$dir/mars.db" ]
ok $? "a zone that does not exist is refused with its name, and no file is made"
out=$(printf '' | "$bin" init "$dir/mars.db" --admin ada --time-zone Mars/Olympus --passphrase-fd 0 2>&1)
[ $? -eq 2 ] && has "$out" "Mars/Olympus"; ok $? "  before any passphrase is read"
out=$(init "$dir/blank.db" --site "   ")
[ $? -eq 2 ] && has "$out" "--site: this is required" && [ ! -e "$dir/blank.db" ]
ok $? "a blank site name is refused"

# ---------------------------------------------------------------- users
printf '%s\ntemporary pass\n' "$pass" |
	"$bin" user add "$db" cal --role caseworker --user ada --passphrase-fd 0 >/dev/null 2>&1 &&
	printf 'temporary pass\ncaseworker passphrase\n' |
	"$bin" passwd "$db" --user cal --passphrase-fd 0 >/dev/null 2>&1
ok $? "a caseworker is added"

# ---------------------------------------------------------------- facilities
out=$(as_ada facility list)
[ $? -eq 0 ] && has "$out" "No facilities yet"; ok $? "a new file has no facility, and says how to add one"
out=$(as_ada facility add "Lakeview County Jail")
[ $? -eq 0 ] && has "$out" "Added the facility 'Lakeview County Jail'."; ok $? "facility add"
as_ada facility add "North Annex" >/dev/null; ok $? "  and another"
before=$(as_ada facility list)
out=$(as_ada facility add "LAKEVIEW county jail")
[ $? -eq 1 ] && has "$out" "there is already a facility called LAKEVIEW county jail"
ok $? "a name in use in another case is refused"
out=$(as_ada facility add "")
[ $? -eq 1 ] && has "$out" "name: this is required"; ok $? "an empty name is refused"
out=$(as_cal facility add "Cal's Jail")
[ $? -eq 1 ] && has "$out" "only an admin can change the facilities"; ok $? "a caseworker cannot add one"
[ "$(as_ada facility list)" = "$before" ]; ok $? "  nothing changed"
out=$(as_cal facility list)
[ $? -eq 0 ] && has "$out" "active   Lakeview County Jail"; ok $? "any user lists them"
out=$(as_ada facility rename "north annex" "North Annex (Unit B)")
[ $? -eq 0 ] && has "$out" "'North Annex' is now called 'North Annex (Unit B)'."; ok $? "facility rename"
out=$(as_ada facility retire "North Annex (Unit B)")
[ $? -eq 0 ] && has "$out" "Retired 'North Annex (Unit B)'"; ok $? "facility retire"
out=$(as_ada facility list)
has "$out" "retired  North Annex (Unit B)"; ok $? "  listed as retired"
out=$(as_ada facility retire "North Annex (Unit B)")
[ $? -eq 1 ] && has "$out" "already retired"; ok $? "  retiring it twice is refused"
out=$(as_ada facility restore "North Annex (Unit B)")
[ $? -eq 0 ] && has "$out" "offered for new stays again"; ok $? "facility restore"
out=$(as_ada facility retire "Nowhere")
[ $? -eq 1 ] && has "$out" "no facility named 'Nowhere'"; ok $? "a facility that is not there"
out=$("$bin" facility frob "$db" 2>&1)
[ $? -eq 2 ] && has "$out" "say add, list, rename, retire or restore"; ok $? "an unknown verb"

# ---------------------------------------------------------------- providers
out=$(as_ada provider add "Harbor Methadone Clinic" --services "methadone, counselling" \
	--address "12 Harbor Street
Suite 4" --phone 555-0102 --hours "Mon-Fri 6:00-14:00" --medicaid yes --walk-in no)
[ $? -eq 0 ] && has "$out" "Added 'Harbor Methadone Clinic'"; ok $? "provider add with every field"
out=$(as_cal provider list)
has "$out" "Harbor Methadone Clinic
  services  methadone, counselling
  phone     555-0102
  hours     Mon-Fri 6:00-14:00
  address   12 Harbor Street
            Suite 4
  Medicaid  yes; walk-in: no"
ok $? "any user reads the directory, every field"
out=$(as_ada provider add "harbor METHADONE clinic")
[ $? -eq 1 ] && has "$out" "harbor METHADONE clinic is already in the directory"
ok $? "a provider name in use in another case is refused"
out=$(as_ada provider add "Nameless" --medicaid maybe)
[ $? -eq 2 ] && has "$out" "--medicaid is yes, no or unknown"; ok $? "a bad answer is refused"
out=$(as_cal provider add "Cal's Clinic")
[ $? -eq 1 ] && has "$out" "only an admin or a supervisor"; ok $? "a caseworker cannot add one"
out=$(as_ada provider edit "harbor methadone clinic" --hours "Mon-Sat 6:00-14:00" --walk-in yes --phone "")
[ $? -eq 0 ] && has "$out" "Saved 'Harbor Methadone Clinic'."; ok $? "provider edit"
out=$(as_ada provider list)
has "$out" "hours     Mon-Sat 6:00-14:00" && has "$out" "walk-in: yes" && ! has "$out" "555-0102" &&
	has "$out" "services  methadone, counselling"
ok $? "  changes the fields given, clears an empty one, keeps the rest"
out=$(as_ada provider retire "Harbor Methadone Clinic")
[ $? -eq 0 ] && has "$out" "no longer offered for new referrals"; ok $? "provider retire"
out=$(as_ada provider list)
has "$out" "Harbor Methadone Clinic  (retired)"; ok $? "  listed as retired"
out=$(as_ada provider restore "Harbor Methadone Clinic")
[ $? -eq 0 ] && has "$out" "offered for new referrals again"; ok $? "provider restore"
out=$(as_ada provider edit "No Such Place" --phone 1)
[ $? -eq 1 ] && has "$out" "no provider named 'No Such Place'"; ok $? "a provider that is not there"

out=$(as_ada audit list --action create)
has "$out" "facility" && has "$out" "provider"; ok $? "every change is audited"
out=$(as_ada audit list)
! has "$out" "Lakeview County Jail" && ! has "$out" "Harbor"; ok $? "  without the names themselves"

out=$(printf '%s\n' "$pass" | "$bin" verify "$db" --user ada --passphrase-fd 0 2>&1)
[ $? -eq 0 ]; ok $? "the file verifies"

done_testing
