"""What the public pages read from the registry, by subject: ``bank`` (recognised initiatives),
``honours`` (award decisions and the latest awards), ``statistics``, ``movements`` (live figures
of the movements), ``exemplary_people`` (a person's public achievements) and ``live_figures``
(the figures a news item embeds). Page models and blocks import these; they import no page."""
