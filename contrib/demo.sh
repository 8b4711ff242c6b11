#!/bin/sh
# SPDX-License-Identifier: ISC
# demo.sh - make a demo database with one user per role and synthetic
# people, and say how to use it.  Run by `make demo`.
#
#   contrib/demo.sh BUILD_DIR
#
# The passphrases are printed: this database holds no real records.
set -eu
build=${1:-build}
bin="./$build/passage"
db="$build/demo.db"
pass="demo passphrase 1"

rm -f "$db" "$db-journal"
printf '%s\n' "$pass" | "$bin" init "$db" --admin demo-admin --kdf interactive \
	--passphrase-fd 0 >/dev/null
for role in health caseworker supervisor; do
	# Added with a temporary passphrase, then set to the demo one, as
	# each person would at their first login.
	printf '%s\ntemporary %s 1\n' "$pass" "$role" |
		"$bin" user add "$db" "demo-$role" --role "$role" --user demo-admin \
			--passphrase-fd 0 >/dev/null
	printf 'temporary %s 1\n%s\n' "$role" "$pass" |
		"$bin" passwd "$db" --user "demo-$role" --passphrase-fd 0 >/dev/null
done
printf '%s\n' "$pass" | "$bin" demo "$db" --people 300 --seed 1 --user demo-admin \
	--passphrase-fd 0
printf '%s\n' "$pass" | "$bin" verify "$db" --user demo-admin --passphrase-fd 0
cat <<MSG

Demo database: $db   (synthetic people only)

  role        user name         passphrase
  caseworker  demo-caseworker   $pass
  health      demo-health       $pass
  supervisor  demo-supervisor   $pass
  admin       demo-admin        $pass

Open it again later with:  ./passage $db
MSG
# Straight into the interface when there is a terminal to show it on.
if [ -t 0 ] && [ -t 1 ]; then
	printf 'Starting Passage (ENTER to go on)... '
	read -r _
	exec "$bin" "$db" --site "Demo County Reentry" --user demo-caseworker
fi
