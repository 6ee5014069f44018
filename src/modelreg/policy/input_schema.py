"""The one documented input document that policy rules (CEL conditions) are evaluated over.

`INPUT_SKELETON` holds every documented field with a value of the right type. At upload time each
rule is run against it: a lookup that fails there names a field that does not exist, so typos are
rejected when the policy is uploaded instead of being discovered at promotion time.
"""

from __future__ import annotations

import copy
from typing import Any

# Maps whose keys are chosen by users (tags, metadata, metrics) or filled by a later feature
# (evaluations). Any key is a valid field name there, but a given key may be absent, so a
# rule must test it first with `has(map.key)` or `"key" in map`. The skeleton keeps them empty:
# an unguarded lookup then fails at upload time, which is when the author can still fix it.
FREE_FORM_MAPS: tuple[str, ...] = (
    "model.tags",
    "version.tags",
    "version.metadata",
    "lineage.training_runs[].metrics",
    "evaluations",
)

CARD_SECTIONS: tuple[str, ...] = (
    "intended_use",
    "out_of_scope_use",
    "limitations",
    "ethical_considerations",
    "training_data",
    "evaluation_data",
    "caveats_and_recommendations",
)

_SHA = "0" * 64

INPUT_SKELETON: dict[str, Any] = {
    "target_stage": "production",
    "requester": {"id": "usr_requester", "roles": ["model_owner"]},
    "model": {
        "group": "credit",
        "name": "default-risk",
        "full_name": "credit/default-risk",
        "risk_tier": "high",
        "pending_risk_tier": "",
        "owners": ["usr_owner"],
        "tags": {},
        "task": "tabular-classification",
        "framework": "xgboost",
        "license": "Apache-2.0",
    },
    "version": {
        "version": "1.2.0",
        "stage": "staging",
        "sealed": True,
        "digest": _SHA,
        "is_prerelease": False,
        "tags": {},
        "metadata": {},
        "artifact_count": 1,
        "total_size": 1024,
    },
    "manifest": [{"path": "model.json", "size": 1024, "sha256": _SHA}],
    "lineage": {
        "datasets": [
            {
                "uri": "s3://data/loans/2024-06",
                "digest": "sha256:" + _SHA,
                "name": "loans",
                "version": "2024-06",
                "role": "training",
            }
        ],
        "code": [
            {
                "repository": "https://git.example.com/credit/default-risk",
                "commit": "0123456789abcdef0123456789abcdef01234567",
                "path": "train.py",
                "branch": "main",
            }
        ],
        "training_runs": [{"system": "mlflow", "run_id": "run-1", "metrics": {}}],
        "base_models": [{"ref": "credit/base@1.0.0", "license": ""}],
        "other": [{"uri": "https://wiki.example.com/credit/default-risk", "relation": "docs"}],
    },
    "card": {
        "sections": dict.fromkeys(CARD_SECTIONS, True),
        "missing": ["caveats_and_recommendations"],
    },
    "approvals": [
        {
            "approver": "usr_mrc",
            "role": "mrc",
            "decision": "approve",
            "at": "2024-07-01T12:00:00Z",
            "counts": True,
        }
    ],
    "approval_status": {
        "required_roles": ["mrc", "security_architect"],
        "satisfied": True,
        "missing_roles": [],
        "two_person": True,
        "distinct_approvers": 2,
    },
    "scans": {
        "status": "complete",
        "digest": _SHA,
        "counts": {"critical": 0, "high": 0, "medium": 0, "low": 0, "info": 1},
        "blocking": [],
        "findings": [
            {
                "id": "f_0123456789abcdef01234567",
                "scanner": "artifact",
                "category": "unsafe_serialization",
                "rule": "pickle-dangerous-global",
                "severity": "info",
                "path": "model.pkl",
                "message": "example",
                "excepted": False,
                "blocking": False,
            }
        ],
        "errors": [{"scanner": "artifact", "path": "model.pkl", "reason": "example"}],
        "license": {
            "status": "allowed",
            "expression": "Apache-2.0",
            "denied": [],
            "needs_review": [],
        },
        "signature": {"status": "verified", "signer": "ml-platform", "method": "key"},
        "recheck_pending": False,
        "advisories": {
            "database_version": "osv-20240701T120000Z-0123456789ab",
            "imported_at": "2024-07-01T12:00:00+00:00",
            "age_days": 1,
            "stale": False,
            "empty": False,
        },
    },
    "signature": {
        "registry_signed": True,
        "registry_keyid": _SHA,
        "publisher_signed": True,
        "publishers": ["ml-platform"],
    },
    "evaluations": {},
}

# (path, type, meaning): the documentation of every field, in document order.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("target_stage", "string", "Stage the version is being promoted to, e.g. `production`."),
    ("requester.id", "string", "User id of the person asking for the promotion."),
    ("requester.roles", "list(string)", "Roles the requester holds."),
    ("model.group", "string", "Model group, e.g. `credit`."),
    ("model.name", "string", "Model name within the group."),
    ("model.full_name", "string", "`group/name`."),
    (
        "model.risk_tier",
        "string",
        "`low`, `medium` or `high`: the tier the promotion is judged against, the highest the"
        " model held since the request (a lowering counts only once MRC approved it).",
    ),
    (
        "model.pending_risk_tier",
        "string",
        'A requested lowering MRC has not decided yet, `""` when none (it never applies).',
    ),
    ("model.owners", "list(string)", "User ids of the owners."),
    ("model.tags", "map(string, string)", "Model tags (free-form keys)."),
    ("model.task", "string", 'Task, or `""` when unset (never null).'),
    ("model.framework", "string", 'Framework, or `""` when unset (never null).'),
    ("model.license", "string", 'SPDX licence, or `""` when unset (never null).'),
    ("version.version", "string", "Semantic version, e.g. `1.2.0`."),
    ("version.stage", "string", "Current stage of the version."),
    ("version.sealed", "bool", "True once the version is sealed (immutable)."),
    ("version.digest", "string", 'Hex SHA-256 of the manifest, `""` before sealing.'),
    ("version.is_prerelease", "bool", "True for versions like `1.0.0-rc.1`."),
    ("version.tags", "map(string, string)", "Version tags (free-form keys)."),
    ("version.metadata", "map(string, dyn)", "Version metadata (free-form keys)."),
    ("version.artifact_count", "int", "Number of artifact files."),
    ("version.total_size", "int", "Total size of the artifact files in bytes."),
    ("manifest[].path", "string", "Path of an artifact file."),
    ("manifest[].size", "int", "Size of the file in bytes."),
    ("manifest[].sha256", "string", "Lowercase hex SHA-256 of the file."),
    ("lineage.datasets[].uri", "string", "Where the dataset lives."),
    ("lineage.datasets[].digest", "string", 'Digest of the dataset, `""` if unknown.'),
    ("lineage.datasets[].name", "string", "Dataset name."),
    ("lineage.datasets[].version", "string", "Dataset version."),
    ("lineage.datasets[].role", "string", "`training`, `validation`, `evaluation`, ..."),
    ("lineage.code[].repository", "string", "Source repository URL."),
    ("lineage.code[].commit", "string", "Commit id."),
    ("lineage.code[].path", "string", "Path of the training code in the repository."),
    ("lineage.code[].branch", "string", "Branch name."),
    ("lineage.training_runs[].system", "string", "Tracking system, e.g. `mlflow`."),
    ("lineage.training_runs[].run_id", "string", "Run id in that system."),
    ("lineage.training_runs[].metrics", "map(string, dyn)", "Run metrics (free-form keys)."),
    ("lineage.base_models[].ref", "string", "Reference of the base model."),
    (
        "lineage.base_models[].license",
        "string",
        'SPDX license an external base model declares, `""` otherwise.',
    ),
    ("lineage.other[].uri", "string", "Any other linked resource."),
    ("lineage.other[].relation", "string", "How it relates to the version."),
    *(
        (f"card.sections.{name}", "bool", "True when the card section is written.")
        for name in CARD_SECTIONS
    ),
    ("card.missing", "list(string)", "Names of the card sections that are missing."),
    ("approvals[].approver", "string", "User id of the approver."),
    ("approvals[].role", "string", "Role the approver acted in."),
    ("approvals[].decision", "string", "`approve` or `reject`."),
    ("approvals[].at", "string", "When, as an RFC 3339 timestamp (use `timestamp(...)`)."),
    (
        "approvals[].counts",
        "bool",
        "False when the approver may no longer give it (now an owner, lost the role, disabled);"
        " such a verdict stays on record but covers no role.",
    ),
    ("approval_status.required_roles", "list(string)", "Roles the target stage requires."),
    ("approval_status.satisfied", "bool", "True when the required approvals are present."),
    ("approval_status.missing_roles", "list(string)", "Required roles not yet covered."),
    ("approval_status.two_person", "bool", "True when distinct people must cover the roles."),
    ("approval_status.distinct_approvers", "int", "Number of different people who approved."),
    (
        "scans.status",
        "string",
        "`complete` (every scanner ran on this digest), `pending` (a scan is queued or running),"
        " `partial`, `failed` (a scanner could not finish) or `none` (never scanned / unsealed).",
    ),
    ("scans.digest", "string", 'Version digest the results belong to, `""` when unsealed.'),
    *(
        (f"scans.counts.{severity}", "int", f"Open (not excepted) {severity} findings.")
        for severity in ("critical", "high", "medium", "low", "info")
    ),
    (
        "scans.blocking",
        "list(finding)",
        "Open findings at or above the configured blocking severity (fields as in findings).",
    ),
    ("scans.findings[].id", "string", "Stable finding id; exceptions refer to it."),
    (
        "scans.findings[].scanner",
        "string",
        "`artifact`, `license`, `vulnerability` or `signature`.",
    ),
    (
        "scans.findings[].category",
        "string",
        "`unsafe_serialization`, `format`, `archive`, `secret`, `license`, `vulnerability`,"
        " `signature` or `scan_error`.",
    ),
    ("scans.findings[].rule", "string", "Scanner rule, e.g. `pickle-dangerous-global`."),
    ("scans.findings[].severity", "string", "`critical`, `high`, `medium`, `low` or `info`."),
    ("scans.findings[].path", "string", "File (or package) the finding is about."),
    ("scans.findings[].message", "string", "What was found and what to do."),
    ("scans.findings[].excepted", "bool", "True while a security exception covers it."),
    ("scans.findings[].blocking", "bool", "Open and at or above the blocking severity."),
    ("scans.errors[].scanner", "string", "Scanner that reported the error."),
    ("scans.errors[].path", "string", "File that could not be scanned."),
    ("scans.errors[].reason", "string", "Why."),
    (
        "scans.license.status",
        "string",
        "`allowed`, `denied`, `needs_review` or `unknown` (not scanned yet).",
    ),
    ("scans.license.expression", "string", "Combined SPDX expression of every source."),
    ("scans.license.denied", "list(string)", "Licenses on the deny list."),
    ("scans.license.needs_review", "list(string)", "Licenses needing review (incl. unknown)."),
    (
        "scans.signature.status",
        "string",
        "`verified`, `missing`, `invalid`, `untrusted` or `unknown` (not checked yet).",
    ),
    ("scans.signature.signer", "string", 'Trusted signer that verified, or `""`.'),
    ("scans.signature.method", "string", '`key`, `certificate` or `""`.'),
    (
        "signature.registry_signed",
        "bool",
        "True when the registry's seal-time signature over this digest is stored.",
    ),
    ("signature.registry_keyid", "string", 'Registry key that signed, or `""`.'),
    (
        "signature.publisher_signed",
        "bool",
        "True when a trusted signer other than the registry verifiably signed these files.",
    ),
    ("signature.publishers", "list(string)", "Names of the trusted signers that signed."),
    (
        "scans.recheck_pending",
        "bool",
        "True while a re-check (new license lists or advisories, a re-scan) of a digest with a"
        " completed scan is queued or running; until it settles every `scans` field describes"
        " the last completed scan, and promotions awaiting approval are judged again when it"
        " does.",
    ),
    (
        "scans.advisories.database_version",
        "string",
        'Advisory database the vulnerability verdict used, `""` when empty or not scanned.',
    ),
    (
        "scans.advisories.imported_at",
        "string",
        'When that database was imported (RFC 3339), `""` when empty or not scanned.',
    ),
    ("scans.advisories.age_days", "int", "Whole days since that import, now."),
    (
        "scans.advisories.stale",
        "bool",
        "Older than MODELREG_ADVISORY_MAX_AGE_DAYS (default 7) now, or empty.",
    ),
    (
        "scans.advisories.empty",
        "bool",
        "No advisories were loaded when the check ran (`false` before the first scan).",
    ),
    ("evaluations", "map(string, dyn)", "Evaluation results (empty for now; free-form keys)."),
)


def skeleton() -> dict[str, Any]:
    """Return a deep copy of INPUT_SKELETON that the caller may change."""
    return copy.deepcopy(INPUT_SKELETON)


def describe_input() -> str:
    """Return Markdown documentation of every field of the input document."""
    lines = [
        "# Policy input document",
        "",
        "Every rule condition is a CEL expression over these top-level variables. Strings that",
        'are unset are `""`, never null, so comparisons such as `model.license != ""` work.',
        "",
        "| Field | Type | Meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{path}` | {type_} | {meaning} |" for path, type_, meaning in FIELDS]
    guarded = ", ".join(f"`{m}`" for m in FREE_FORM_MAPS)
    lines += [
        "",
        f"Keys of the free-form maps ({guarded}) may be absent: test a key before reading it,",
        'e.g. `has(model.tags.team) && model.tags.team == "credit"` or',
        '`"team" in model.tags`. An unguarded lookup is rejected when the policy is uploaded.',
        "",
        "Indexing a list (`lineage.datasets[0]`) fails at evaluation time when the list is empty;",
        "such a rule then blocks the promotion (fail closed). Prefer `size(...)`, `exists` and",
        '`all`, e.g. `lineage.datasets.all(d, d.digest != "")`.',
        "",
        "`matches()` compiles its regular expression on every call (tens of microseconds), so",
        "inside `manifest.all(...)` it costs milliseconds; prefer `endsWith`, `startsWith` and",
        "`contains` there.",
    ]
    return "\n".join(lines) + "\n"
