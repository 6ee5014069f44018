"""Model signatures (OpenSSF model-signing) and the registry's own promotion attestations.

`model_signatures` verifies signatures that publishers upload with a version, offline, against
the ECDSA keys (and CA certificates plus signer identities) that security architects trust.
`attestations` builds, signs and verifies the in-toto statements in DSSE envelopes that the
registry issues for every approved version.

Only `attestations` is re-exported: `model_signatures` imports model-signing and sigstore
(most of a second), so callers import it from `modelreg.signing.model_signatures` where they
verify.
"""

from modelreg.signing.attestations import (
    AttestationVerdict,
    RegistryKey,
    build_statement,
    key_id,
    pae,
    sign_envelope,
    verify_envelope,
)

__all__ = [
    "AttestationVerdict",
    "RegistryKey",
    "build_statement",
    "key_id",
    "pae",
    "sign_envelope",
    "verify_envelope",
]
