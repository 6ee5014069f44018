"""Container SBOMs uploaded with a version: validated, stored, and fed to vulnerability matching."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from modelreg.domain.access import Principal
from modelreg.domain.errors import FieldError, InvalidInput, NotFound, WrongState
from modelreg.domain.ids import new_id
from modelreg.services import jobs
from modelreg.services.catalog import load_model, require_change, resolve_version, version_subject
from modelreg.services.uow import Transactions
from modelreg.storage.tables import ContainerSbomRow
from modelreg.storage.types import utcnow

FROZEN_STAGES = ("staging", "production", "deprecated", "archived")


class ContainerSbomService:
    """Upload and read the container SBOM of a version."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def upload(
        self, principal: Principal, group: str, name: str, version: str, data: bytes
    ) -> ContainerSbomRow:
        """Validate (422 with the schema errors) and store; re-checks vulnerabilities if sealed."""
        # Imported here: the SBOM libraries cost ~1 s at start-up and only uploads need them.
        from modelreg.sbom.container import SbomInvalid, validate_container_sbom

        try:
            sbom = validate_container_sbom(data)
        except SbomInvalid as exc:
            raise InvalidInput(
                detail=f"not a valid container SBOM: {exc.detail}",
                errors=[FieldError(("body",), e, "sbom_schema") for e in exc.errors[:20]],
            ) from None
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name)
            require_change(s, principal, model)
            row = resolve_version(s, model, version, lock=True)
            if row.stage in FROZEN_STAGES:
                # What was approved includes the image it runs in: replacing the SBOM now could
                # clear vulnerability findings after the gate was passed.
                raise WrongState(
                    f"'{model.full_name}@{row.version}' is in {row.stage}: its container SBOM "
                    "is part of what was approved; register a new version for a new image"
                )
            stored = ContainerSbomRow(
                id=new_id(),
                version_id=row.id,
                format=sbom.format,
                document=json.dumps(sbom.document, sort_keys=True),
                sha256=hashlib.sha256(data).hexdigest(),
                component_count=sbom.component_count,
                uploaded_at=utcnow(),
                uploaded_by=principal.user_id,
            )
            s.add(stored)
            if row.sealed_at is not None:
                jobs.enqueue(uow, jobs.VULNERABILITY_SCAN, row.id, trigger="container_sbom")
            uow.audit(
                "container_sbom.uploaded",
                version_subject(model, row),
                {
                    "format": sbom.format,
                    "spec_version": sbom.spec_version,
                    "components": sbom.component_count,
                    "sha256": stored.sha256,
                },
            )
            return stored

    def latest(self, group: str, name: str, version: str) -> ContainerSbomRow:
        """The newest container SBOM of the version, or 404."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            found = s.execute(
                select(ContainerSbomRow)
                .where(ContainerSbomRow.version_id == row.id)
                .order_by(ContainerSbomRow.uploaded_at.desc())
                .limit(1)
            ).scalar_one_or_none()
            if found is None:
                raise NotFound(f"'{model.full_name}@{row.version}' has no container SBOM")
            return found
