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
# A row with a mistake does not hold back the whole hour (--skip-bad-rows:
# the other rows are imported, and in a full snapshot nobody missing is
# then taken as released).  The journal line of the file says how many
# rows were skipped and on which lines, never what they hold; the import's
# own summary, with why each was skipped, is kept beside the file in
# done/ (NAME.skipped), and its audit row names the lines too.
#
# Exit status 0 when every file was imported, 1 when one was not (it is
# in failed/, and why in NAME.error: the journal line names that file and
# never repeats its words, which may quote a row) or the folders are not
# there; the journal has a line a file.
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
	sum=$(mktemp "$drop/done/.summary.XXXXXX") || { rm -f "$err"; exit 1; }
	if [ -n "$dry" ]; then
		"$passage" import roster "$f" --profile "$profile" --dry-run --skip-bad-rows \
			</dev/null >"$sum" 2>"$err"
	else
		"$passage" import roster "$db" "$f" --profile "$profile" --user "$user" \
			--skip-bad-rows --passphrase-fd 3 </dev/null 3<"$passfile" >"$sum" 2>"$err"
	fi
	rc=$?
	if [ $rc -eq 0 ]; then
		# The counts for the journal, without the skipped rows' reasons
		# (a reason may quote what the row holds, which is case data):
		# of those rows, the count and the line numbers only.
		sed '/^  line [0-9]/d; /^skipped: /d' "$sum"
		n=$(sed -n 's/^  rows skipped  *\([0-9][0-9]*\)$/\1/p' "$sum" | head -n 1)
		lines=$(sed -n 's/^\(  \|skipped: \)line \([0-9][0-9]*\)[:,].*/\2/p' "$sum" |
			tr '\n' ' ' | sed 's/ $//; s/ /, /g')
		said="imported"
		if [ "${n:-0}" != 0 ]; then
			said="imported, $n rows skipped (lines $lines${lines:+; }see NAME.skipped)"
			[ "$n" = 1 ] && said="imported, 1 row skipped (line $lines; see NAME.skipped)"
		fi
		if dest=$(aside "$f" "$drop/done"); then
			if [ "${n:-0}" != 0 ]; then
				mv "$sum" "$dest.skipped"
				said=$(printf '%s\n' "$said" | sed "s|NAME.skipped|$dest.skipped|")
			fi
			echo "$me: ${f##*/}: $said; moved to $dest"
		else
			echo "$me: ${f##*/}: $said, but could not be moved to done/: it stays in in/" >&2
			status=1
		fi
		rm -f "$err" "$sum"
		continue
	fi
	rm -f "$sum"
	status=1
	[ -s "$err" ] || echo "passage exited with status $rc" >"$err"
	if dest=$(aside "$f" "$drop/failed") && mv "$err" "$dest.error"; then
		# Why is in the .error file, not in the journal: passage's
		# sentence may quote a cell of the row, which is case data.
		echo "$me: ${f##*/}: not imported (why: $dest.error); moved to $dest" >&2
	else
		echo "$me: ${f##*/}: not imported, and could not be moved aside: it stays in in/" >&2
		rm -f "$err"
	fi
done
exit $status
