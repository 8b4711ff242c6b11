#!/bin/sh
# SPDX-License-Identifier: ISC
# plan.sh - passage plan as an admin and a caseworker use it: a template
# installed or refused (before any passphrase), the plan's settings, and
# a plan made from a demo file and read back with pdftotext.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-plan.XXXXXX")
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
db="$dir/site.db"
pass="admin passphrase"
as_ada() { printf '%s\n' "$pass" | "$bin" "$@" --user ada --passphrase-fd 0 2>&1; }
as_sue() { printf 'supervisor passphrase\n' | "$bin" "$@" --user sue --passphrase-fd 0 2>&1; }

printf '%s\n' "$pass" | "$bin" init "$db" --admin ada --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
ok $? "init"
printf '%s\ntemporary one 1\n' "$pass" |
	"$bin" user add "$db" sue --role supervisor --user ada --passphrase-fd 0 >/dev/null 2>&1 &&
	printf 'temporary one 1\nsupervisor passphrase\n' |
	"$bin" passwd "$db" --user sue --passphrase-fd 0 >/dev/null 2>&1
ok $? "a supervisor"
as_ada demo "$db" --people 40 --seed 3 >/dev/null
ok $? "a demo file of 40 people"

printf '= Hello\nFor {name}.\n\nCall {hotlin} today.\n' >"$dir/bad.plan"
out=$("$bin" plan template install "$db" "$dir/bad.plan" --lang en --user ada --passphrase-fd 0 </dev/null 2>&1)
[ $? -eq 1 ] && has "$out" "line 4: {hotlin} is not a field a plan knows" && has "$out" "nothing was installed"
ok $? "a template with an unknown field is refused with its line, before the passphrase"
out=$("$bin" plan template install "$db" contrib/plan/en.plan --lang english 2>&1)
[ $? -eq 2 ] && has "$out" "two lowercase letters"
ok $? "a language that is not two letters is a usage error"
out=$(as_ada plan template install "$db" contrib/plan/en.plan --lang en)
[ $? -eq 0 ] && has "$out" "Installed contrib/plan/en.plan as the plan template for 'en'"
ok $? "the English template is installed"
out=$(as_sue plan template install "$db" contrib/plan/es.plan --lang es)
[ $? -eq 1 ] && has "$out" "only an admin"
ok $? "a supervisor may not install one"

out=$(as_ada setting "$db" plan.paper a5)
[ $? -eq 2 ] && has "$out" "plan.paper: letter or a4"
ok $? "plan.paper refuses a5"
out=$(as_ada setting "$db" plan.folder plans)
[ $? -eq 2 ] && has "$out" "plan.folder: a folder's absolute path"
ok $? "plan.folder refuses a relative path"
out=$(as_ada setting "$db" plan.paper a4) && out=$(as_ada setting "$db" plan.hotline "1-800-555-0199")
ok $? "plan.paper a4 and a hotline are set"
out=$(as_ada setting "$db" plan.good_samaritan.es "Si llama al 911 por una sobredosis, no le acusarán.") &&
	has "$out" "plan.good_samaritan.es: Si llama" &&
	[ "$(as_ada setting "$db" plan.good_samaritan.es)" = "Si llama al 911 por una sobredosis, no le acusarán." ]
ok $? "the Good Samaritan text is set in Spanish, and read back"
out=$(as_ada setting "$db" plan.good_samaritan.spanish "x")
[ $? -eq 2 ] && has "$out" "no setting 'plan.good_samaritan.spanish'"
ok $? "  but not under a name that is no language"

out=$(as_sue plan "$db" --person P0000001 --out "$dir/p1.pdf")
[ $? -eq 0 ] && has "$out" "Wrote the release plan to $dir/p1.pdf"
ok $? "a supervisor makes a plan"
text=$(pdftotext "$dir/p1.pdf" - 2>&1)
has "$text" "If someone will not wake up" && has "$text" "1-800-555-0199" && has "$text" "second dose"
ok $? "the PDF holds the template's words and the site's hotline"
pdfinfo "$dir/p1.pdf" 2>/dev/null | grep -q '^Page size:.*(A4)'
ok $? "on A4, as plan.paper says"
[ "$(stat -c %a "$dir/p1.pdf")" = 600 ]
ok $? "the PDF is private to its owner"

out=$(as_sue plan "$db" --person P0000001 --out "$dir/p2.pdf" --lang es)
[ $? -eq 1 ] && has "$out" "no plan template for the language 'es'" && [ ! -e "$dir/p2.pdf" ]
ok $? "a language with no template: a clear sentence and no file"
out=$(as_sue plan "$db" --person NOBODY1 --out "$dir/p3.pdf")
[ $? -eq 1 ] && has "$out" "no record you may see has participant code 'NOBODY1'" && [ ! -e "$dir/p3.pdf" ]
ok $? "an unknown person: a clear sentence and no file"
out=$(as_ada plan "$db" --person P0000001 --out "$dir/p4.pdf")
[ $? -eq 1 ] && [ ! -e "$dir/p4.pdf" ]
ok $? "an admin may not make one"
out=$("$bin" plan "$db" --out "$dir/p5.pdf" 2>&1)
[ $? -eq 2 ] && has "$out" "whose plan? --person CODE"
ok $? "no --person: a usage error"
left=$(ls "$dir" | grep -v -e '^site\.db' -e '\.plan$' -e '^p1\.pdf$')
[ -z "$left" ]
ok $? "no temporary file is left beside the plans"

done_testing
