"""How a post's reference choices are named, on the post form and in the upload template
(jobs.bulk) alike: a name read in one is found in the other."""

from enterprises.models import Agreement, Branch
from portal.reference.models import Occupation


def branch_label(branch: Branch) -> str:
    return f"{branch.name} · {branch.region.name}"


def agreement_label(agreement: Agreement) -> str:
    """Named by batch, signatory, mode and term: an enterprise's agreements never read alike
    (one live agreement per batch and signatory; a renewal has another term)."""
    signatory = agreement.get_signatory_level_display()
    if agreement.region_id:
        signatory = f"{signatory}（{agreement.region.name}）"
    term = f"{agreement.starts_on:%Y-%m-%d}–{agreement.ends_on:%Y-%m-%d}"
    mode = agreement.get_cooperation_mode_display()
    return f"{agreement.batch.name} · {signatory} · {mode} · {term}"


def occupation_label(occupation: Occupation) -> str:
    return f"{occupation.local_name} {occupation.code}"
