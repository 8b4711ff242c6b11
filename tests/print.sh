#!/bin/sh
# SPDX-License-Identifier: ISC
# print.sh - passage plan --print against a real IPP printer started here:
# ippeveprinter on 127.0.0.1 and a free port, keeping every job in its
# spool folder, which is read back with pdftotext.  No network: the
# printer, and the private D-Bus its DNS-SD wants, live in this folder.
set -u
build=${PASSAGE_BUILD:-build}
bin="$PWD/$build/passage"
dir=$(mktemp -d "${TMPDIR:-/tmp}/passage-print.XXXXXX")
printer_pid=
bus_pid=
stop() {
	[ -n "$printer_pid" ] && kill "$printer_pid" 2>/dev/null && wait "$printer_pid" 2>/dev/null
	printer_pid=
}
trap 'stop; [ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null; rm -rf "$dir"' EXIT
. "$(dirname "$0")/lib/tap.sh"
db="$dir/site.db"
spool="$dir/spool"
mkdir "$spool"
pass="admin passphrase"
as_ada() { printf '%s\n' "$pass" | "$bin" "$@" --user ada --passphrase-fd 0 2>&1; }
as_sue() { printf 'supervisor passphrase\n' | "$bin" "$@" --user sue --passphrase-fd 0 2>&1; }
# A port no one listens on, as the kernel hands it out.
free_port() {
	perl -MIO::Socket::INET -e \
		'print IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1:0")->sockport'
}
answers() { perl -MIO::Socket::INET -e 'exit !IO::Socket::INET->new("127.0.0.1:$ARGV[0]")' "$1"; }

printf '%s\n' "$pass" | "$bin" init "$db" --admin ada --kdf interactive --passphrase-fd 0 >/dev/null 2>&1
printf '%s\ntemporary one 1\n' "$pass" |
	"$bin" user add "$db" sue --role supervisor --user ada --passphrase-fd 0 >/dev/null 2>&1 &&
	printf 'temporary one 1\nsupervisor passphrase\n' |
	"$bin" passwd "$db" --user sue --passphrase-fd 0 >/dev/null 2>&1 &&
	as_ada demo "$db" --people 20 --seed 5 >/dev/null &&
	as_ada plan template install "$db" contrib/plan/en.plan --lang en >/dev/null
ok $? "a demo file with a supervisor and the English template"

out=$(as_ada setting "$db" plan.printer "front desk")
[ $? -eq 2 ] && has "$out" "plan.printer: a CUPS printer's name"
ok $? "plan.printer refuses a name with a space"
out=$(as_ada setting "$db" plan.printer "http://10.0.0.5/ipp")
[ $? -eq 2 ]
ok $? "plan.printer refuses an address that is not ipp://"
out=$(as_sue plan "$db" --person P0000001 --print)
[ $? -eq 1 ] && has "$out" "no printer is set for plans (the setting plan.printer)"
ok $? "--print with no printer set: a clear sentence"
out=$(as_sue plan "$db" --person P0000001)
[ $? -eq 2 ] && has "$out" "--print for the site's printer"
ok $? "neither --out nor --print: a usage error"

port=$(free_port)
dbus-daemon --session --nofork --nopidfile --address="unix:path=$dir/bus" \
	>"$dir/bus.log" 2>&1 &
bus_pid=$!
i=0
while [ ! -S "$dir/bus" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$dir/bus" ippeveprinter -p "$port" -n localhost -r off \
	-d "$spool" -k -f application/pdf "Passage test printer" >"$dir/printer.log" 2>&1 &
printer_pid=$!
i=0
while ! answers "$port" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
answers "$port"
ok $? "ippeveprinter answers on 127.0.0.1:$port"

uri="ipp://127.0.0.1:$port/ipp/print"
out=$(as_ada setting "$db" plan.printer "$uri")
ok $? "plan.printer takes the printer's ipp:// address"
out=$(as_sue plan "$db" --person P0000001 --print --out "$dir/saved.pdf")
[ $? -eq 0 ] && has "$out" "Wrote the release plan to $dir/saved.pdf" &&
	has "$out" "Sent the release plan to the printer $uri."
ok $? "--print with --out: the file is written and the plan sent"
job=$(ls "$spool")
[ "$job" = "1-release_plan.pdf" ]
ok $? "the printer holds one job, named without the person's name (got: $job)"
printed=$(pdftotext "$spool/$job" - 2>&1)
has "$printed" "If someone will not wake up" && has "$printed" "second dose" &&
	[ "$printed" = "$(pdftotext "$dir/saved.pdf" - 2>&1)" ]
ok $? "the printed PDF holds the plan, the same as the file saved"
out=$(as_sue audit list "$db" --person P0000001 --action view --format csv)
has "$out" "plan print"
ok $? "printing is audited as a view of the record, saying plan print"

out=$(as_ada setting "$db" plan.printer nosuch)
out=$(printf 'supervisor passphrase\n' | CUPS_SERVER="127.0.0.1:$port" "$bin" plan "$db" \
	--person P0000001 --print --out "$dir/kept.pdf" --user sue --passphrase-fd 0 2>&1)
[ $? -eq 1 ] && has "$out" "there is no printer called nosuch (the setting plan.printer)" &&
	has "$out" "the plan was not printed" && [ -s "$dir/kept.pdf" ]
ok $? "a queue the server does not have: a clear sentence, and the PDF still saved"
[ "$(ls "$spool" | wc -l)" -eq 1 ]
ok $? "nothing more reached the printer"

stop
out=$(as_ada setting "$db" plan.printer "$uri")
out=$(as_sue plan "$db" --person P0000001 --print)
[ $? -eq 1 ] && has "$out" "the printer $uri does not answer (off, or not connected)" &&
	has "$out" "--out PLAN.pdf saves it as a file instead"
ok $? "a printer that is off: a clear sentence saying how to save the plan"
out=$(as_sue plan "$db" --person P0000001 --print --out "$dir/off.pdf")
[ $? -eq 1 ] && [ -s "$dir/off.pdf" ] && ! has "$out" "saves it as a file instead"
ok $? "with --out, the plan is saved even though the printer is off"

done_testing
