# SPDX-License-Identifier: ISC
# Ridge Regional Jail (an example): a release list written in Latin-1 with
# CRLF line ends, names in three columns, the jail's person id zero-padded,
# the release date and its HH:MM in separate columns, a single space for
# "nothing", and a release reason instead of a status.  See
# passage-roster(5).
encoding = latin-1
time_zone = America/Chicago
# The facility in Passage this jail is; needed when the site has more
# than one (passage facility list).
#facility = Ridge Regional Jail

column.person_id = Person ID
column.last = Last
column.first = First
column.middle = Middle
column.birth = Birth Year
column.booked = Booked
column.release = Release Date
column.release_time = Release Time
column.status = Release Reason

date_format = %m/%d/%Y
time_format = %H:%M
birth_format = %Y
empty = " "
empty = N/A

status.release = Bonded Out
status.release = Time Served
status.release = Court Order
status.transfer = Released to Another Agency
status.custody = Held

group = none
snapshot = no
