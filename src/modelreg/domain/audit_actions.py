"""What every audit action and outbox topic means: the catalogue docs/audit.md is generated from.

Add an entry here when you add a `uow.audit("…")` or `uow.emit("…")` call;
`tests/integration/test_docs_generated.py` fails on a call site without one (and on an entry
nothing writes), then `make docs` renders docs/audit.md.
"""

from __future__ import annotations

AUDIT_ACTIONS: dict[str, str] = {
    "access.refused": "A caller was refused a governance permission, or an owner tried to "
    "except a finding of their own model.",
    "advisories.imported": "An OSV advisory snapshot was imported; affected versions re-checked.",
    "artifact.added": "A file was added to an unsealed version.",
    "artifact.replaced": "A file of an unsealed version was replaced by new content.",
    "signature.registry_signed": "The registry signed a sealed version's manifest in the "
    "model-signing format.",
    "attestation.signed": "The registry signed an in-toto attestation for a promoted version.",
    "card.annotated": "Model-card annotations of a version were changed.",
    "container_sbom.uploaded": "A container SBOM was stored for a version.",
    "deployment.allowed": "The deploy check allowed a digest to be deployed.",
    "deployment.refused": "The deploy check refused a digest (with the reasons).",
    "download.exempted": "An owner or security architect downloaded a file whose scan found "
    "code execution (allowed for them, recorded).",
    "download.refused": "The download gate refused an artifact of a flagged or unscanned version.",
    "exception.granted": "A security architect accepted one finding until a date.",
    "exception.revoked": "A finding exception was ended before it expired.",
    "job.failed": "A background job failed, or was given up after its worker died repeatedly.",
    "keys.retired": "A key-encryption key no blob uses any more was removed (CLI).",
    "keys.rotated": "Every data key was re-wrapped under the new key-encryption key (CLI).",
    "keys.rotation_started": "A key rotation began (CLI); `keys.rotated` follows when it ends.",
    "license_policy.updated": "A new version of the license lists was stored.",
    "lineage.added": "An upstream link (dataset, code, run, base model, other) was added.",
    "lineage.removed": "An upstream link was removed from an unsealed version.",
    "model.created": "A model was registered.",
    "model.updated": "A model's description, owners, tags or other fields changed (a raised "
    "risk tier also writes `model.risk_tier_raised`).",
    "model.risk_tier_raised": "A model's risk tier was raised; it applies at once.",
    "model.risk_tier_change_requested": "An owner asked MRC to lower a model's risk tier "
    "(with the reason); the old tier still applies.",
    "model.risk_tier_lowered": "MRC approved a requested lowering; the lower tier applies now.",
    "model.risk_tier_change_rejected": "MRC rejected a requested lowering.",
    "model.risk_tier_change_withdrawn": "A pending lowering was withdrawn by an owner.",
    "model.risk_tier_change_superseded": "A pending lowering was superseded by a raise.",
    "model.risk_tier_decision_refused": "Someone not allowed to decide a tier lowering tried "
    "(with the reason).",
    "policy.activated": "A policy-set version became the active one (incl. the default pack).",
    "promotion.approval_refused": "An approval was refused (own request, owned model, wrong role).",
    "promotion.approved": "An approver approved a promotion in one role.",
    "promotion.blocked": "A promotion request was evaluated and blocked by a rule.",
    "promotion.executed": "A promotion passed every rule; the version moved stage.",
    "promotion.rejected": "An approver rejected a promotion.",
    "promotion.requested": "Someone asked for a version to be promoted.",
    "promotion.superseded": "A pending promotion was replaced by a new request for the version.",
    "promotion.rejudged": "A promotion awaiting approval was judged again: a security re-check "
    "settled, or its model's risk tier changed (it keeps the highest tier since its request).",
    "scan.completed": "A scan job stored its results (and ML-BOM) for a digest.",
    "scan.requested": "A re-scan was queued on demand.",
    "security.signer_added": "A trusted signer (key or certificate identity) was configured.",
    "security.signer_revoked": "A trusted signer was removed.",
    "signature.uploaded": "A model-signing bundle was uploaded for a version.",
    "token.issued": "An API token was issued.",
    "token.revoked": "An API token was revoked.",
    "user.created": "A user was created with roles.",
    "worker.restarted": "`modelreg serve` restarted its scan worker after it exited (exit code "
    "or signal, attempt, backoff delay).",
    "user.roles_changed": "An admin replaced a user's roles.",
    "user.disabled": "An admin disabled a user; their tokens stop working.",
    "user.enabled": "An admin enabled a disabled user again.",
    "version.created": "A version was registered.",
    "version.sealed": "A version was sealed: its files and manifest digest are frozen.",
    "version.stage_changed": "A rejected promotion moved the version to the stage a rejection "
    "leads to (e.g. `submitted` to `rejected`).",
    "version.updated": "A version's description, tags or metadata changed.",
}

OUTBOX_TOPICS: dict[str, str] = {
    "advisories.imported": "An advisory snapshot was imported.",
    "exception.granted": "A finding exception was granted.",
    "exception.revoked": "A finding exception was revoked.",
    "license_policy.updated": "The license lists changed; re-checks were queued.",
    "model.created": "A model was registered.",
    "model.updated": "A model changed (payload lists the fields).",
    "model.risk_tier_change_requested": "A lowering of a model's risk tier awaits MRC.",
    "model.risk_tier_lowered": "MRC approved a lowering; the model has a new tier.",
    "model.risk_tier_change_rejected": "MRC rejected a requested lowering.",
    "notification.created": "A notification for the security team was recorded.",
    "policy.activated": "A policy-set version became active.",
    "promotion.approved": "A promotion received an approval.",
    "promotion.blocked": "A promotion was blocked.",
    "promotion.executed": "A version moved stage through a promotion.",
    "promotion.rejected": "A promotion was rejected.",
    "promotion.requested": "A promotion was requested.",
    "promotion.superseded": "A pending promotion was replaced.",
    "scan.completed": "A scan finished for a digest.",
    "security.signer_added": "A trusted signer was added.",
    "security.signer_revoked": "A trusted signer was removed.",
    "signature.uploaded": "A signature bundle was uploaded.",
    "version.created": "A version was registered.",
    "version.sealed": "A version was sealed.",
}
