"""Demonstration data: the seed meeting of /work/shared/seeds, its cell and its neighbours.

`python manage.py load_demo` loads it (see `members.demo.loader`). The data
modules are plain Python: `organizations` (tree, rosters, accounts),
`seed_meeting` (the pilot "Tự soi, tự sửa" session of 21/6/2022) and
`meetings` (other meetings of the first half of 2022), then `register` (what
happened to the members since) and `year` (a year of meetings up to the day of
loading, on the calendar of `schedule`, with the words of `year_texts`).
"""
