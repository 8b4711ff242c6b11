#!/bin/sh
# SPDX-License-Identifier: ISC
# passage-import-drop - import every jail roster file waiting in a drop
# folder, oldest name first, and move each aside: to done/ once imported,
# to failed/ with its error beside it (NAME.error) when not.  A file is
# never deleted and never overwritten; its new name starts with the time
# it was moved (UTC).  Run hourly by contrib/systemd/passage-import.timer.
#
# usage: passage-import-drop [--dry-run] DATABASE DROP PROFILE USER PASSFILE
#
# DROP holds in/, done/ and failed/.  The jail's export writes a file in
# in/ under another name (a leading dot, or .part or .tmp at the end) and
# renames it when whole: those names are left alone.  Name the files so
# that they sort by time: a full snapshot imported after a newer one would
# see people come back.  PASSFILE holds the passphrase of USER (an import
# account): it is opened for each import on descriptor 3 and never read
# into this script, the command line or the environment.  --dry-run reads
# each file through the profile without opening DATABASE (PASSFILE is
# then not opened), to try a new export or profile.
#
# Exit status 0 when every file was imported, 1 when one was not (it is
# in failed/) or the folders are not there; the journal has a line a file.
set -u
LC_ALL=C
export LC_ALL
me="passage-import-drop"
passage=${PASSAGE_BIN:-/usr/local/bin/passage}

dry=
if [ "${1:-}" = --dry-run ]; then
	dry=1
	shift
fi
if [ $# -ne 5 ]; then
	echo "usage: $me [--dry-run] DATABASE DROP PROFILE USER PASSFILE" >&2
	exit 2
fi
db=$1 drop=$2 profile=$3 user=$4 passfile=$5
for d in "$drop/in" "$drop/done" "$drop/failed"; do
	if [ ! -d "$d" ] || [ ! -w "$d" ]; then
		echo "$me: $d is not a folder this account can write in" >&2
		exit 1
	fi
done
if [ -z "$dry" ] && [ ! -r "$passfile" ]; then
	echo "$me: cannot read the passphrase file $passfile" >&2
	exit 1
fi

# aside FILE FOLDER: moves FILE into FOLDER as TIME-NAME (TIME-N-NAME if
# that is taken, by a file or its .error) and prints the new path.
aside() {
	stamp=$(date -u +%Y%m%dT%H%M%SZ)
	dest="$2/$stamp-${1##*/}"
	i=1
	while [ -e "$dest" ] || [ -e "$dest.error" ]; do
		dest="$2/$stamp-$i-${1##*/}"
		i=$((i + 1))
	done
	mv "$1" "$dest" && printf '%s\n' "$dest"
}

status=0
for f in "$drop"/in/*; do
	[ -f "$f" ] || continue
	case ${f##*/} in .* | *.part | *.tmp) continue ;; esac
	err=$(mktemp "$drop/failed/.error.XXXXXX") || exit 1
	if [ -n "$dry" ]; then
		"$passage" import roster "$f" --profile "$profile" --dry-run </dev/null 2>"$err"
	else
		"$passage" import roster "$db" "$f" --profile "$profile" --user "$user" \
			--passphrase-fd 3 </dev/null 3<"$passfile" 2>"$err"
	fi
	rc=$?
	if [ $rc -eq 0 ]; then
		if dest=$(aside "$f" "$drop/done"); then
			echo "$me: ${f##*/}: imported; moved to $dest"
		else
			echo "$me: ${f##*/}: imported, but could not be moved to done/: it stays in in/" >&2
			status=1
		fi
		rm -f "$err"
		continue
	fi
	status=1
	[ -s "$err" ] || echo "passage exited with status $rc" >"$err"
	if dest=$(aside "$f" "$drop/failed") && mv "$err" "$dest.error"; then
		echo "$me: ${f##*/}: not imported ($(head -n 1 "$dest.error")); moved to $dest" >&2
	else
		echo "$me: ${f##*/}: not imported, and could not be moved aside: it stays in in/" >&2
		rm -f "$err"
	fi
done
exit $status
