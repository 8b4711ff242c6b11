# SPDX-License-Identifier: ISC
# Harbor City Detention Center (an example): a full snapshot of who is in
# custody now, rewritten every hour, with the ids packed in one field:
#   SO# X1704302 | Booking Number 17007382 | Jail ID 1345312
# A release shows only as a person missing from the next file.  See
# passage-roster(5).
encoding = utf-8
time_zone = America/Los_Angeles
# The facility in Passage this jail is; needed when the site has more
# than one (passage facility list).
#facility = Harbor City Detention Center

column.person_id = Identifiers
pattern.person_id = Jail ID ([0-9]+)
column.booking = Identifiers
pattern.booking = Booking Number ([0-9A-Z-]+)
column.name = Name
column.birth = Year of Birth
column.booked = Booking Date
column.expected = Projected Release

date_format = %m/%d/%Y %I:%M %p
date_format = %m/%d/%Y
birth_format = %Y

group = booking
snapshot = yes
