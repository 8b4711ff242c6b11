# SPDX-License-Identifier: ISC
# OutParse.pm - read back what the passage command writes, with perl's
# core modules only: JSON through JSON::PP, CSV by RFC 4180 (quoted cells,
# doubled quotes, line breaks inside quotes, CR LF between records).
package OutParse;
use strict;
use warnings;
use JSON::PP ();
use Exporter 'import';
our @EXPORT = qw(slurp parse_csv read_csv read_json);

sub slurp {
	my ($path) = @_;
	open(my $fh, '<:raw', $path) or die "$path: $!\n";
	local $/;
	my $text = <$fh>;
	close $fh;
	return $text;
}

# Records of cells.  Dies on a quote that is never closed or text after a
# closing quote, so a malformed file fails the test that reads it.
sub parse_csv {
	my ($text) = @_;
	my (@rows, @row, $cell);
	my $i = 0;
	my $n = length $text;
	while ($i < $n) {
		$cell = '';
		if (substr($text, $i, 1) eq '"') {
			$i++;
			for (;;) {
				die "csv: a quoted cell is not closed\n" if $i >= $n;
				my $c = substr($text, $i++, 1);
				if ($c eq '"') {
					last if $i >= $n || substr($text, $i, 1) ne '"';
					$i++;
				}
				$cell .= $c;
			}
		} else {
			while ($i < $n && substr($text, $i, 1) !~ /[,\r\n]/) {
				my $c = substr($text, $i++, 1);
				die "csv: a quote inside an unquoted cell\n" if $c eq '"';
				$cell .= $c;
			}
		}
		push @row, $cell;
		last if $i >= $n;
		my $c = substr($text, $i, 1);
		if ($c eq ',') {
			$i++;
			push(@row, ''), last if $i >= $n;
		} elsif ($c eq "\r" && substr($text, $i + 1, 1) eq "\n") {
			$i += 2;
			push @rows, [@row];
			@row = ();
		} elsif ($c eq "\n") {
			$i++;
			push @rows, [@row];
			@row = ();
		} else {
			die "csv: text after a closing quote\n";
		}
	}
	push @rows, [@row] if @row;
	return \@rows;
}

# A file's CSV, after any leading '#' comment lines.
sub read_csv {
	my $text = slurp($_[0]);
	$text =~ s/\A#[^\n]*\n//g while $text =~ /\A#/;
	return parse_csv($text);
}

sub read_json {
	return JSON::PP->new->utf8->decode(slurp($_[0]));
}

1;
