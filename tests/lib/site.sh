# SPDX-License-Identifier: ISC
# site.sh - a demo site for the shell tests, sourced after tap.sh with
# $bin set: site_demo FILE PEOPLE makes FILE with admin ada ("admin
# passphrase"), supervisor sue ("supervisor passphrase", her own) and a
# demo of PEOPLE people from seed 5, one TAP line for each step.
site_demo() {
	printf 'admin passphrase\n' |
		"$bin" init "$1" --admin ada --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
	ok $? "init"
	printf 'admin passphrase\ntemporary one 1\n' |
		"$bin" user add "$1" sue --role supervisor --user ada --passphrase-fd 0 >/dev/null 2>&1 &&
		printf 'temporary one 1\nsupervisor passphrase\n' |
		"$bin" passwd "$1" --user sue --passphrase-fd 0 >/dev/null 2>&1
	ok $? "a supervisor"
	printf 'admin passphrase\n' |
		"$bin" demo "$1" --people "$2" --seed 5 --user ada --passphrase-fd 0 >/dev/null 2>&1
	ok $? "a demo file of $2 people"
}
