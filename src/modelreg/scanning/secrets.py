"""Leaked-credential detection over bounded, overlapping chunks. Secrets are never echoed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO

from modelreg.scanning.findings import Collector, Severity
from modelreg.scanning.limits import Deadline, ScanLimits

SCANNER = "modelreg.secrets"

TEXT_EXTENSIONS = frozenset(
    {
        "",
        ".txt",
        ".json",
        ".yaml",
        ".yml",
        ".env",
        ".cfg",
        ".ini",
        ".conf",
        ".py",
        ".md",
        ".pem",
        ".key",
        ".crt",
        ".sh",
        ".toml",
        ".csv",
        ".tsv",
        ".xml",
        ".properties",
        ".ipynb",
        ".jsonl",
        ".log",
        ".js",
        ".ts",
        ".r",
        ".sql",
        ".html",
        ".p12",
        ".pfx",
        ".netrc",
        ".npmrc",
        ".pypirc",
        ".credentials",
        ".config",
        ".tf",
        ".tfvars",
    }
)
OVERLAP = 8192


@dataclass(frozen=True)
class Rule:
    rule: str
    severity: Severity
    pattern: re.Pattern[bytes]
    what: str
    group: int = 0


RULES: tuple[Rule, ...] = (
    Rule(
        "secret-private-key",
        "critical",
        re.compile(
            rb"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----"
            rb"[\s\S]{0,64}"
        ),
        "a PEM private key",
    ),
    Rule(
        "secret-aws-access-key-id",
        "high",
        re.compile(rb"(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})(?![A-Z0-9])"),
        "an AWS access key id",
        1,
    ),
    Rule(
        "secret-aws-secret-access-key",
        "critical",
        re.compile(
            rb"(?i)aws_?secret_?access_?key[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"
        ),
        "an AWS secret access key",
        1,
    ),
    Rule(
        "secret-github-token",
        "critical",
        re.compile(rb"\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b"),
        "a GitHub token",
        1,
    ),
    Rule(
        "secret-slack-token",
        "high",
        re.compile(rb"\b(xox[abposr]-[A-Za-z0-9-]{10,250})\b"),
        "a Slack token",
        1,
    ),
    Rule(
        "secret-slack-webhook",
        "high",
        re.compile(
            rb"https://hooks\.slack\.com/services/(T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+)"
        ),
        "a Slack webhook URL",
        1,
    ),
    Rule(
        "secret-azure-connection-string",
        "critical",
        re.compile(rb"(?i)(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})"),
        "an Azure storage/service-bus connection string key",
        1,
    ),
)
_GCP_TYPE = re.compile(rb"\"type\"\s*:\s*\"service_account\"")
_GCP_KEY = re.compile(rb"\"private_key\"\s*:\s*\"-----BEGIN")


def mask(secret: bytes) -> str:
    """Enough to recognise which credential it is, never enough to use it."""
    text = secret.decode("latin-1")
    if len(text) <= 8:
        return "*" * len(text)
    return f"{text[:4]}…{'*' * 4} ({len(text)} chars)"


def scan_secrets_stream(
    f: IO[bytes],
    path: str,
    col: Collector,
    limits: ScanLimits,
    deadline: Deadline,
    *,
    max_bytes: int,
) -> int:
    """Scan up to ``max_bytes`` of ``f``; returns the number of bytes read."""
    seen: set[tuple[str, int]] = set()
    tail = b""
    tail_start = 0
    read_total = 0
    gcp_type = gcp_key = False
    chunk_size = max(limits.secrets_chunk_bytes, 2 * OVERLAP)
    while read_total < max_bytes:
        chunk = f.read(min(chunk_size, max_bytes - read_total))
        if not chunk:
            break
        buf = tail + chunk
        base = tail_start
        read_total += len(chunk)
        for rule in RULES:
            for m in rule.pattern.finditer(buf):
                start = base + m.start()
                if (rule.rule, start) in seen:
                    continue
                seen.add((rule.rule, start))
                value = m.group(rule.group)
                if rule.rule == "secret-private-key":
                    shown = m.group(1).decode("latin-1")
                    details = {"kind": shown, "offset": start}
                else:
                    details = {"masked": mask(value), "offset": start}
                col.add(
                    SCANNER,
                    rule.rule,
                    rule.severity,
                    path,
                    f"Found {rule.what} ({details.get('masked', details.get('kind'))}) at "
                    f"byte {start}; remove it from the artifact and revoke/rotate the "
                    "credential.",
                    **details,
                )
        gcp_type = gcp_type or bool(_GCP_TYPE.search(buf))
        gcp_key = gcp_key or bool(_GCP_KEY.search(buf))
        tail = buf[-OVERLAP:]
        tail_start = base + len(buf) - len(tail)
        deadline.check()
    if gcp_type and gcp_key:
        col.add(
            SCANNER,
            "secret-gcp-service-account",
            "critical",
            path,
            "Found a Google Cloud service-account key file (type service_account with a "
            "private_key); remove it from the artifact and delete the key in GCP IAM.",
        )
    return read_total


def scan_secrets_text(text: str, path: str, col: Collector, limits: ScanLimits) -> None:
    """Scan an in-memory string (e.g. safetensors or GGUF metadata)."""
    import io

    scan_secrets_stream(
        io.BytesIO(text.encode("utf-8", "replace")),
        path,
        col,
        limits,
        Deadline(limits.max_total_seconds),
        max_bytes=limits.secrets_max_text_bytes,
    )
