# SPDX-License-Identifier: ISC
# Lakeside County Jail (an example): one row per charge, booking and
# release in the same row, names as LAST, FIRST MIDDLE, times with a zone
# suffix that does not follow daylight saving.  See passage-roster(5).
encoding = utf-8
time_zone = America/New_York
# The facility in Passage this jail is; needed when the site has more
# than one (passage facility list).
#facility = Lakeside County Jail

column.booking = Booking Number
column.name = Inmate Name
column.birth = DOB
column.booked = Booking Date
column.release = Release Date
column.status = Status

# Rows with the same booking number are the charges of one booking.
group = booking

date_format = %Y-%m-%d %H:%M:%S %Z
date_format = %Y-%m-%d
# The JMS writes 00:00:00 when it does not know the time.
midnight = unknown
birth_format = %m/%d/%Y
birth_format = %Y

status.release = Released
status.release = Bonded Out
status.transfer = Released to Another Agency
status.custody = In Custody

snapshot = no
