"""Who may import: members need the member capability somewhere, units the restructuring one,
past initiatives the one to receive dossiers, past awards the one to issue awards (each row is
checked again against the unit it names). A batch is seen by the person who ran it
and by superusers."""

import rules

from unions.enums import Capability
from unions.rules import has_capability

KIND_CAPABILITIES = {
    "members": Capability.MANAGE_MEMBERS,
    "units": Capability.RESTRUCTURE_UNIT,
    "initiatives": Capability.RECEIVE_INITIATIVES,
    "awards": Capability.ISSUE_AWARDS,
}


@rules.predicate
def may_import_something(user) -> bool:
    return any(has_capability(capability)(user) for capability in KIND_CAPABILITIES.values())


@rules.predicate
def ran_the_batch(user, batch) -> bool:
    return batch is not None and (user.is_superuser or batch.created_by_id == user.pk)


def may_import(user, kind: str) -> bool:
    capability = KIND_CAPABILITIES.get(kind)
    return capability is not None and has_capability(capability)(user)


rules.add_perm("imports.use", may_import_something)
rules.add_perm("imports.view_batch", may_import_something & ran_the_batch)
