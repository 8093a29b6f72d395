"""Demonstration data: the seed meeting of /work/shared/seeds, its cell and its neighbours.

`python manage.py load_demo` loads it (see `members.demo.loader`). The data
modules are plain Python: `organizations` (tree, rosters, accounts),
`seed_meeting` (the pilot "Tự soi, tự sửa" session of 21/6/2022) and
`meetings` (other meetings of the first half of 2022).
"""
