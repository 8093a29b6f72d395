"""Reading a roster spreadsheet (XLSX or CSV) into a checked plan of what an import would write.

`reading` turns the bytes into rows keyed by field (`columns` recognises the
headers), `dates` reads the dates as offices type them, `plan` checks every row
against the register and says, per cell, who would be added, updated or left
unchanged; `template` writes the template and the sample files. Nothing here
writes to the database: `members.services.imports` does, after confirmation.
"""
