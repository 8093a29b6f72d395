from django.db import models


class PartsGeneration(models.Model):
    """One row whose number is part of every cached part's key (minutes.parts).

    Kept in the database, not in the cache, so that every process of the site
    sees a change at once whatever cache it has: the meeting pages read it in
    the same query as the meeting.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "parts generation"

    def __str__(self) -> str:
        return str(self.value)
