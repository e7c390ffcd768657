"""Course catalogue: Course Directory CSV import, timetables, shift-fit search, provider access."""
