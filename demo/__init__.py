"""The demo: a realistic federation with its dossiers, review rounds, awards, movements, pledges,
titles and public site, built through the real services by ``manage.py seed_demo``.

Installed by the dev and test settings only (``config/settings/dev.py``, ``test.py``): under the
production settings neither this package nor its command exists. No product app imports it;
import-linter checks that. Its round and award builders (``demo.builders``) are shared with the
tests' factories.
"""
