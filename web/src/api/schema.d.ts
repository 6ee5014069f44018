// Generated from docs/openapi.json by `npm run gen:api`; do not edit by hand.
/* eslint-disable */
export interface paths {
    "/api/v1/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List audit events
         * @description Events in chain order, filtered, by cursor.
         */
        get: operations["list_events_api_v1_audit_events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify the audit chain
         * @description Recompute every hash; name the first broken seq.
         */
        get: operations["verify_api_v1_audit_verify_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decisions/{decision_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a decision record
         * @description The exact input, policy version, rule results and outcome of an evaluation.
         */
        get: operations["get_decision_api_v1_decisions__decision_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decisions/{decision_id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay a decision
         * @description Evaluate the stored input with the stored policy version again; decides nothing.
         */
        post: operations["replay_decision_api_v1_decisions__decision_id__replay_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lineage/usages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which versions used a dataset, commit or base model
         * @description Reverse lineage: the versions downstream of something.
         */
        get: operations["usages_api_v1_lineage_usages_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller
         * @description Who the token belongs to, with roles and the permissions they grant.
         */
        get: operations["me_api_v1_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search models
         * @description Full-text query, filters and sort, paged by cursor.
         */
        get: operations["search_models_api_v1_models_get"];
        put?: never;
        /**
         * Register a model
         * @description Register `group/name`; the caller is the owner unless `owners` says otherwise.
         */
        post: operations["create_model_api_v1_models_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/facets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Facet counts of a model search
         * @description Per facet, its values and how many models matching the other filters have each: the
         *     same filters as `GET /api/v1/models`, so a console shows counts beside the results.
         */
        get: operations["model_facets_api_v1_models_facets_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a model
         * @description One model by identity; send its `ETag` as `If-None-Match` to get 304 when unchanged.
         */
        get: operations["get_model_api_v1_models__group___name__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a model
         * @description Change descriptive fields (owners and admins only).
         */
        patch: operations["update_model_api_v1_models__group___name__patch"];
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which versions were in which stage at a time
         * @description E.g. what was in production for this model on a given date.
         */
        get: operations["stages_at_api_v1_models__group___name__history_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/risk-tier-changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A model's tier changes
         * @description Every requested or applied tier change of a model, newest first.
         */
        get: operations["list_tier_changes_api_v1_models__group___name__risk_tier_changes_get"];
        put?: never;
        /**
         * Change a model's risk tier
         * @description Raising applies at once (`applied`); lowering waits for MRC (`pending`).
         */
        post: operations["request_tier_change_api_v1_models__group___name__risk_tier_changes_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a model's versions
         * @description Versions in SemVer precedence order (highest first by default), filtered, by cursor.
         */
        get: operations["list_versions_api_v1_models__group___name__versions_get"];
        put?: never;
        /**
         * Create a version
         * @description Create a draft version (strict SemVer) with optional lineage.
         */
        post: operations["create_version_api_v1_models__group___name__versions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a version
         * @description A version (or `latest`) with its manifest and digest; `If-None-Match` gives 304.
         */
        get: operations["get_version_api_v1_models__group___name__versions__version__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a version
         * @description Change description, tags, or (before sealing) metadata.
         */
        patch: operations["update_version_api_v1_models__group___name__versions__version__patch"];
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/artifacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List artifacts
         * @description Path, size and SHA-256 of every file, in manifest order.
         */
        get: operations["list_artifacts_api_v1_models__group___name__versions__version__artifacts_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/artifacts/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an artifact
         * @description Decrypted, verified bytes; supports single `Range` requests. With download enforcement on,
         *     a version with blocking security findings is refused (403) except to owners and security.
         */
        get: operations["download_artifact_api_v1_models__group___name__versions__version__artifacts__path__get"];
        /**
         * Upload an artifact
         * @description Stream the body into the encrypted blob store; nothing is visible unless it all arrives.
         */
        put: operations["upload_artifact_api_v1_models__group___name__versions__version__artifacts__path__put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the generated model card
         * @description JSON by default; Markdown for `?format=markdown` or `Accept: text/markdown`.
         */
        get: operations["get_card_api_v1_models__group___name__versions__version__card_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/card/annotations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get card annotations
         * @description The human-written sections.
         */
        get: operations["get_annotations_api_v1_models__group___name__versions__version__card_annotations_get"];
        /**
         * Replace card annotations
         * @description Replace the human-written sections of an unsealed version (audited).
         */
        put: operations["put_annotations_api_v1_models__group___name__versions__version__card_annotations_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/container-sbom": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the container SBOM of a version
         * @description The newest uploaded container SBOM document.
         */
        get: operations["get_container_sbom_api_v1_models__group___name__versions__version__container_sbom_get"];
        /**
         * Upload the container SBOM of a version
         * @description Validate and store the SBOM of the image the model ships in (owners only).
         */
        put: operations["put_container_sbom_api_v1_models__group___name__versions__version__container_sbom_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/deploy-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check the gate before deploying a digest
         * @description Re-evaluate the active policy (incl. current findings and exceptions) for the digest
         *     being deployed; deploy only when `allowed` is true. Every check is audited.
         */
        post: operations["deploy_check_api_v1_models__group___name__versions__version__deploy_check_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/exceptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Exceptions of a version
         * @description Every exception granted on the version, newest first, with its state.
         */
        get: operations["list_exceptions_api_v1_models__group___name__versions__version__exceptions_get"];
        put?: never;
        /**
         * Grant a time-limited exception for a finding
         * @description Security architects accept one finding on the current digest until `expires_at`.
         */
        post: operations["grant_exception_api_v1_models__group___name__versions__version__exceptions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Current findings of a version
         * @description Findings of the latest result of every scanner for the current digest.
         */
        get: operations["get_findings_api_v1_models__group___name__versions__version__findings_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stage history of a version
         * @description Every stage the version entered: who, when, why, on which decision.
         */
        get: operations["version_history_api_v1_models__group___name__versions__version__history_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/lineage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a version's upstream links
         * @description Direct upstream links: datasets, code, runs, base models, others.
         */
        get: operations["list_links_api_v1_models__group___name__versions__version__lineage_get"];
        put?: never;
        /**
         * Add upstream links
         * @description Add links to an unsealed version.
         */
        post: operations["add_links_api_v1_models__group___name__versions__version__lineage_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/lineage/graph": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Lineage graph
         * @description The upstream graph, transitively through registry base models.
         */
        get: operations["graph_api_v1_models__group___name__versions__version__lineage_graph_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/lineage/{link_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove an upstream link
         * @description Remove a link from an unsealed version.
         */
        delete: operations["remove_link_api_v1_models__group___name__versions__version__lineage__link_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/promotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a version's promotions
         * @description Every promotion request of a version, oldest first.
         */
        get: operations["list_promotions_api_v1_models__group___name__versions__version__promotions_get"];
        put?: never;
        /**
         * Request a promotion
         * @description Evaluate the policy for the target stage; executes at once when nothing is missing.
         */
        post: operations["request_promotion_api_v1_models__group___name__versions__version__promotions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/registry-signature": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the registry's signature of a version
         * @description The model-signing bundle the registry made over the manifest when the version was sealed.
         */
        get: operations["get_registry_signature_api_v1_models__group___name__versions__version__registry_signature_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/sbom": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * ML-BOM of a version
         * @description The validated CycloneDX 1.6 ML-BOM generated by the scan of the current digest.
         */
        get: operations["get_ml_bom_api_v1_models__group___name__versions__version__sbom_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/scans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Security state and scan history of a version
         * @description What the policy sees (status, counts, license, signature), every current finding with
         *     `excepted`/`blocking`, pending jobs, and every stored result newest first.
         */
        get: operations["get_scans_api_v1_models__group___name__versions__version__scans_get"];
        put?: never;
        /**
         * Queue a re-scan
         * @description Queue a full scan of a sealed version (owners and security architects).
         */
        post: operations["request_scan_api_v1_models__group___name__versions__version__scans_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/scans/{result_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One stored scan result
         * @description A stored result with its findings and scanner details (e.g. the dependency inventory).
         */
        get: operations["get_scan_result_api_v1_models__group___name__versions__version__scans__result_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/seal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Seal a version
         * @description Freeze artifacts, lineage and metadata; the digest is final.
         */
        post: operations["seal_version_api_v1_models__group___name__versions__version__seal_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/signature": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a version's model signature
         * @description The newest signature bundle uploaded for the version.
         */
        get: operations["get_signature_api_v1_models__group___name__versions__version__signature_get"];
        /**
         * Upload a model signature
         * @description Store the model-signing bundle of a version (owners only); the newest one counts.
         */
        put: operations["upload_signature_api_v1_models__group___name__versions__version__signature_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{group}/{name}/versions/{version}/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify a version's signature and attestations
         * @description Signature scan status, and every registry attestation re-verified against the key.
         */
        get: operations["get_verification_api_v1_models__group___name__versions__version__verification_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Notifications, newest first
         * @description Security violations and other records teams must look at.
         */
        get: operations["list_notifications_api_v1_notifications_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List policy-set versions
         * @description Every policy-set version, newest first.
         */
        get: operations["list_policies_api_v1_policies_get"];
        /**
         * Upload and activate a policy set
         * @description Validate every rule (syntax, fields, boolean results) and activate the new version.
         */
        put: operations["upload_policy_api_v1_policies_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/active": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The active policy set
         * @description The policy set promotions are judged under now.
         */
        get: operations["active_policy_api_v1_policies_active_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/dry-run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dry-run a draft policy set
         * @description Evaluate a draft policy set against an existing version, deciding nothing.
         */
        post: operations["dry_run_api_v1_policies_dry_run_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a policy-set version
         * @description One policy-set version by number.
         */
        get: operations["get_policy_api_v1_policies__number__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/promotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Promotions awaiting approval
         * @description The approvers' queue: requests awaiting approval, oldest first.
         */
        get: operations["pending_promotions_api_v1_promotions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/promotions/{promotion_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a promotion
         * @description A promotion with its approvals and latest rule results.
         */
        get: operations["get_promotion_api_v1_promotions__promotion_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/promotions/{promotion_id}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject a promotion
         * @description Record an approval or rejection; the promotion executes once every condition holds.
         */
        post: operations["decide_promotion_api_v1_promotions__promotion_id__approvals_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/risk-tier-changes/{change_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a tier change
         * @description One tier change and where it stands.
         */
        get: operations["get_tier_change_api_v1_risk_tier_changes__change_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/risk-tier-changes/{change_id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject a lowering
         * @description MRC (not an owner, not the requester) decides; approval applies the lower tier.
         */
        post: operations["decide_tier_change_api_v1_risk_tier_changes__change_id__decision_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/risk-tier-changes/{change_id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw a requested lowering
         * @description An owner takes back a lowering MRC has not decided yet.
         */
        post: operations["withdraw_tier_change_api_v1_risk_tier_changes__change_id__withdraw_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/security/advisories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The local advisory database
         * @description Version and size of the OSV mirror (import with `modelreg advisories import`).
         */
        get: operations["advisory_status_api_v1_security_advisories_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/security/attestation-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the registry's attestation key
         * @description The public key that verifies registry attestations; pin it for offline checks.
         */
        get: operations["get_attestation_key_api_v1_security_attestation_key_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/security/exceptions/{exception_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an exception
         * @description End an exception before it expires (audited).
         */
        delete: operations["revoke_exception_api_v1_security_exceptions__exception_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/security/license-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The license lists in force
         * @description Allow, deny and needs-review lists; anything on none of them needs review.
         */
        get: operations["get_license_policy_api_v1_security_license_policy_get"];
        /**
         * Replace the license lists
         * @description Store a new version of the lists (audited); live versions are re-checked.
         */
        put: operations["put_license_policy_api_v1_security_license_policy_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/security/trusted-signers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List trusted signers
         * @description The keys and certificate identities whose model signatures count, by name.
         */
        get: operations["list_trusted_signers_api_v1_security_trusted_signers_get"];
        put?: never;
        /**
         * Trust a signer
         * @description Trust an ECDSA public key, or a CA bundle plus a signer identity (security architects).
         */
        post: operations["add_trusted_signer_api_v1_security_trusted_signers_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/security/trusted-signers/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a trusted signer
         * @description Stop trusting a signer; versions it verified are scanned again.
         */
        delete: operations["revoke_trusted_signer_api_v1_security_trusted_signers__name__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{token_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a token
         * @description Revoke one of your tokens (or anyone's, as admin) at once.
         */
        delete: operations["revoke_token_api_v1_tokens__token_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Every user with roles.
         */
        get: operations["list_users_api_v1_users_get"];
        put?: never;
        /**
         * Create a user
         * @description Create a user with roles (admin only).
         */
        post: operations["create_user_api_v1_users_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user
         * @description One user by name.
         */
        get: operations["get_user_api_v1_users__username__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a user's roles or disable them
         * @description Replace roles and/or (dis)able the account (admin only); audited.
         */
        patch: operations["update_user_api_v1_users__username__patch"];
        trace?: never;
    };
    "/api/v1/users/{username}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a user's tokens
         * @description Tokens of a user (yours, or anyone's for an admin); secrets are never shown.
         */
        get: operations["list_tokens_api_v1_users__username__tokens_get"];
        put?: never;
        /**
         * Issue a token
         * @description Issue a token for yourself (or anyone, as admin); the secret is in this response only.
         */
        post: operations["issue_token_api_v1_users__username__tokens_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search versions across all models
         * @description Versions of every model matching the filters.
         */
        get: operations["search_versions_api_v1_versions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers
         * @description Always 200 while the process serves requests.
         */
        get: operations["healthz_healthz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: database and blob store reachable; workers and queue reported
         * @description 200 `ready` (or `degraded` when no worker is alive), 503 naming what does not answer.
         */
        get: operations["readyz_readyz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * AdvisoryStatus
         * @description The local advisory mirror.
         */
        AdvisoryStatus: {
            /** Advisories */
            advisories: number;
            /** Database Version */
            database_version: string | null;
            /** Imported At */
            imported_at: string | null;
            /** Source */
            source?: string | null;
        };
        /**
         * ApprovalCreate
         * @description Approve or reject a promotion request.
         * @example {
         *       "decision": "approve",
         *       "rationale": "Bias review passed (MRC-2026-114).",
         *       "role": "mrc"
         *     }
         */
        ApprovalCreate: {
            /**
             * Decision
             * @enum {string}
             */
            decision: "approve" | "reject";
            /** Rationale */
            rationale: string;
            /** @description The role you approve as; needed only when you hold several required roles. */
            role?: components["schemas"]["Role"] | null;
        };
        /**
         * ApprovalRead
         * @description An immutable approval, bound to the version and policy digests it was given for.
         */
        ApprovalRead: {
            /**
             * Approver
             * @description User id of the approver.
             */
            approver: string;
            /**
             * Approver Name
             * @description Username of the approver, resolved when read.
             */
            approver_name?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Decision
             * @enum {string}
             */
            decision: "approve" | "reject";
            /** Policy Digest */
            policy_digest: string;
            /** Rationale */
            rationale: string;
            role: components["schemas"]["Role"];
            /** Version Digest */
            version_digest: string;
        };
        /**
         * ArtifactRead
         * @description One file of a version.
         */
        ArtifactRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Media Type */
            media_type: string;
            /**
             * Path
             * @example weights/model.safetensors
             */
            path: string;
            /** Sha256 */
            sha256: string;
            /** Size */
            size: number;
        };
        /**
         * AttestationKeyRead
         * @description The registry's public attestation key; pin it to verify attestations offline.
         * @example {
         *       "algorithm": "ecdsa-p256-sha256",
         *       "keyid": "5f0c…",
         *       "public_key_pem": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...\n-----END PUBLIC KEY-----\n"
         *     }
         */
        AttestationKeyRead: {
            /**
             * Algorithm
             * @constant
             */
            algorithm: "ecdsa-p256-sha256";
            /**
             * Keyid
             * @description SHA-256 (hex) of the DER SubjectPublicKeyInfo.
             */
            keyid: string;
            /** Public Key Pem */
            public_key_pem: string;
        };
        /**
         * AttestationRead
         * @description A registry attestation of the version, re-verified when it was read.
         */
        AttestationRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Decision Id */
            decision_id: string;
            /** Envelope */
            envelope: {
                [key: string]: unknown;
            };
            /** Id */
            id: string;
            /** Keyid */
            keyid: string;
            /** Promotion Id */
            promotion_id: string;
            /** Reason */
            reason: string | null;
            /** Stage */
            stage: string;
            /** Statement */
            statement: {
                [key: string]: unknown;
            } | null;
            /**
             * Valid
             * @description The DSSE signature verifies under the registry key and the statement names the version's current digest.
             */
            valid: boolean;
            /** Version Digest */
            version_digest: string;
        };
        /**
         * AuditEventRead
         * @description One event of the tamper-evident chain.
         */
        AuditEventRead: {
            /**
             * Action
             * @example model.created
             */
            action: string;
            /**
             * Actor
             * @description Pseudonymous subject id of the user (never a name).
             */
            actor: string;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /** Hash */
            hash: string;
            /**
             * Occurred At
             * @example 2026-11-27T13:00:00.123456Z
             */
            occurred_at: string;
            /** Prev Hash */
            prev_hash: string;
            /** Seq */
            seq: number;
            /**
             * Subject
             * @example model:fraud/credit-scorer
             */
            subject: string;
        };
        /**
         * BaseModelLink
         * @description A base model: a registry version `group/name@version` or an external `scheme://…` ref.
         */
        BaseModelLink: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "base_model";
            /**
             * License
             * @description SPDX license expression of an external base model, which the license check judges; a registry base model's license comes from its own scan.
             * @example Apache-2.0
             */
            license?: string | null;
            /**
             * Ref
             * @example nlp/encoder@2.1.0
             * @example hf://google-bert/bert-base-uncased@86b5e0934494bd15c9632b12f734a8a67f723594
             */
            ref: string;
        };
        /**
         * CardAnnotations
         * @description Human-written card sections; null or absent means the section is missing.
         * @example {
         *       "custom_sections": {
         *         "Monitoring": "Drift is reviewed weekly."
         *       },
         *       "intended_use": "Scoring card-not-present transactions for manual review.",
         *       "limitations": "Not calibrated for merchants with fewer than 100 transactions."
         *     }
         */
        CardAnnotations: {
            /** Caveats And Recommendations */
            caveats_and_recommendations?: string | null;
            /** Custom Sections */
            custom_sections?: {
                [key: string]: string;
            };
            /** Ethical Considerations */
            ethical_considerations?: string | null;
            /** Evaluation Data */
            evaluation_data?: string | null;
            /** Intended Use */
            intended_use?: string | null;
            /** Limitations */
            limitations?: string | null;
            /** Out Of Scope Use */
            out_of_scope_use?: string | null;
            /** Training Data */
            training_data?: string | null;
        };
        /**
         * CardSection
         * @description One section of a generated card.
         */
        CardSection: {
            /**
             * Content
             * @description Null when the section is missing.
             */
            content: string | null;
            /** Key */
            key: string;
            /**
             * Source
             * @description `annotation`, `generated` or `missing`.
             */
            source: string;
            /** Title */
            title: string;
        };
        /**
         * ChainVerification
         * @description Result of verifying the whole chain.
         */
        ChainVerification: {
            /** Checked */
            checked: number;
            /** First Broken Seq */
            first_broken_seq: number | null;
            /** Head Hash */
            head_hash: string;
            /** Head Seq */
            head_seq: number;
            /** Ok */
            ok: boolean;
            /** Reason */
            reason: string | null;
        };
        /**
         * CodeLink
         * @description The code commit that produced the version.
         */
        CodeLink: {
            /** Branch */
            branch?: string | null;
            /**
             * Commit
             * @description Full commit SHA (40 or 64 hex characters).
             */
            commit: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "code";
            /** Path */
            path?: string | null;
            /** Repository */
            repository: string;
        };
        /**
         * ContainerSbomRead
         * @description An uploaded container SBOM (its document is at GET …/container-sbom?document=true).
         */
        ContainerSbomRead: {
            /** Component Count */
            component_count: number;
            /**
             * Format
             * @enum {string}
             */
            format: "cyclonedx" | "spdx";
            /** Id */
            id: string;
            /** Sha256 */
            sha256: string;
            /**
             * Uploaded At
             * Format: date-time
             */
            uploaded_at: string;
            /** Uploaded By */
            uploaded_by: string;
        };
        /**
         * DatasetLink
         * @description A dataset the version was trained or evaluated on.
         */
        DatasetLink: {
            /**
             * Digest
             * @example sha256:9f86d081884c7d659a2feaa0c55ad015
             */
            digest?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "dataset";
            /** Name */
            name?: string | null;
            /**
             * Role
             * @default training
             * @enum {string}
             */
            role: "training" | "validation" | "evaluation" | "other";
            /**
             * Uri
             * @example s3://risk-data/fraud/q3.parquet
             */
            uri: string;
            /** Version */
            version?: string | null;
        };
        /**
         * DecisionRead
         * @description A decision record: the exact input, the policy version, each rule's result, the outcome.
         */
        DecisionRead: {
            /**
             * Actor
             * @description User id of whoever triggered the evaluation, or `system`.
             */
            actor: string;
            /**
             * Actor Name
             * @description Username of the actor, resolved when read; null for `system`.
             */
            actor_name?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Input */
            input: {
                [key: string]: unknown;
            };
            /**
             * Input Digest
             * @description SHA-256 of the RFC 8785 canonical input.
             */
            input_digest: string;
            /** Outcome */
            outcome: string;
            /** Policy Digest */
            policy_digest: string;
            /** Policy Set */
            policy_set: number;
            /** Promotion Id */
            promotion_id: string;
            /** Results */
            results: components["schemas"]["RuleResultRead"][];
            /**
             * Trigger
             * @example requested
             * @example approval
             * @example rejection
             */
            trigger: string;
        };
        /**
         * DeployCheck
         * @description The digest about to be deployed and where.
         */
        DeployCheck: {
            /**
             * Digest
             * @description Version digest.
             */
            digest: string;
            /**
             * Stage
             * @description The tier the target belongs to; a version must have reached it, and that stage's rules are evaluated. Defaults to the strictest.
             * @default production
             * @enum {string}
             */
            stage: "staging" | "production";
            /**
             * Target
             * @description Deployment target, e.g. `prod-eu-1`.
             */
            target: string;
        };
        /**
         * DeployVerdict
         * @description Whether the version may be deployed now, and why not.
         */
        DeployVerdict: {
            /** Allowed */
            allowed: boolean;
            /** Digest */
            digest: string;
            /** Input Digest */
            input_digest: string;
            /** Model */
            model: string;
            /**
             * Outcome
             * @enum {string}
             */
            outcome: "pass" | "blocked";
            /** Policy Digest */
            policy_digest: string;
            /** Reasons */
            reasons: string[];
            /**
             * Results
             * @description The rules that did not pass.
             */
            results: {
                [key: string]: unknown;
            }[];
            /**
             * Stage
             * @description The version's current stage.
             */
            stage: string;
            /** Target */
            target: string;
            /**
             * Target Stage
             * @enum {string}
             */
            target_stage: "staging" | "production";
            /** Version */
            version: string;
        };
        /**
         * DryRunRequest
         * @description Evaluate a draft policy set against an existing version, deciding nothing.
         * @example {
         *       "model": "fraud/credit-scorer",
         *       "target_stage": "production",
         *       "text": "name: draft\nrules: []\n",
         *       "version": "1.4.0"
         *     }
         */
        DryRunRequest: {
            /**
             * Model
             * @example fraud/credit-scorer
             */
            model: string;
            target_stage: components["schemas"]["Stage"];
            /** Text */
            text: string;
            /** Version */
            version: string;
        };
        /**
         * DryRunResult
         * @description What the draft policy would decide, with the input it saw.
         */
        DryRunResult: {
            /** Input */
            input: {
                [key: string]: unknown;
            };
            /** Outcome */
            outcome: string;
            /** Policy Digest */
            policy_digest: string;
            /** Results */
            results: components["schemas"]["RuleResultRead"][];
        };
        /**
         * ExceptionCreate
         * @description Accept one finding on the version's current digest for a limited time.
         */
        ExceptionCreate: {
            /**
             * Expires At
             * Format: date-time
             * @description At most 90 days ahead (RFC 3339); it expires by itself.
             */
            expires_at: string;
            /** Finding Id */
            finding_id: string;
            /**
             * Reason
             * @description The accepted risk and why (at least 10 characters besides spaces).
             */
            reason: string;
        };
        /**
         * ExceptionRead
         * @description A granted exception and whether it is still in force.
         */
        ExceptionRead: {
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /** Finding Id */
            finding_id: string;
            /**
             * Granted At
             * Format: date-time
             */
            granted_at: string;
            /**
             * Granted By
             * @description User id of the security architect who granted it.
             */
            granted_by: string;
            /**
             * Granted By Name
             * @description Their username, when read.
             */
            granted_by_name?: string | null;
            /** Id */
            id: string;
            /** Reason */
            reason: string;
            /** Revoked At */
            revoked_at: string | null;
            /** Revoked By */
            revoked_by: string | null;
            /**
             * Revoked By Name
             * @description Username of the revoker.
             */
            revoked_by_name?: string | null;
            /**
             * State
             * @enum {string}
             */
            state: "active" | "expired" | "revoked";
            /** Version Digest */
            version_digest: string;
        };
        /**
         * Facet
         * @description The values of one facet, most models first (then by value).
         */
        Facet: {
            /**
             * Truncated
             * @description More values exist than listed: open-ended facets list the top 20 by count, plus any selected value beyond them.
             */
            truncated: boolean;
            /** Values */
            values: components["schemas"]["FacetValue"][];
        };
        /**
         * FacetValue
         * @description One value of a facet and how many models have it.
         */
        FacetValue: {
            /** Count */
            count: number;
            /**
             * Value
             * @description The filter value that selects these models.
             */
            value: string;
        };
        /**
         * FieldProblem
         * @description One invalid field of a request.
         */
        FieldProblem: {
            /** Loc */
            loc: (string | number)[];
            /** Msg */
            msg: string;
            /** Type */
            type: string;
        };
        /**
         * FindingRead
         * @description One finding of the latest scan results, with whether it is excepted and blocks.
         */
        FindingRead: {
            /**
             * Blocking
             * @description Open and at or above the configured blocking severity.
             */
            blocking: boolean;
            /** Category */
            category: string;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /** Excepted */
            excepted: boolean;
            /** Exception Id */
            exception_id: string | null;
            /**
             * Id
             * @description Stable id; the same finding on the same digest keeps it.
             */
            id: string;
            /**
             * Message
             * @description What was found and what to do about it.
             */
            message: string;
            /** Path */
            path: string;
            /** Rule */
            rule: string;
            /**
             * Scanner
             * @description `artifact`, `license`, `vulnerability` or `signature`.
             */
            scanner: string;
            /**
             * Severity
             * @enum {string}
             */
            severity: "critical" | "high" | "medium" | "low" | "info";
        };
        /**
         * LicenseLists
         * @description License lists: SPDX ids or `LicenseRef-…`; a trailing `*` matches a prefix.
         */
        LicenseLists: {
            /** Allow */
            allow: string[];
            /** Deny */
            deny: string[];
            /** Review */
            review: string[];
        };
        /**
         * LicensePolicyRead
         * @description The lists in force; number 0 is the built-in default.
         */
        LicensePolicyRead: {
            /** Allow */
            allow: string[];
            /** Deny */
            deny: string[];
            /** Number */
            number: number;
            /** Review */
            review: string[];
        };
        /**
         * LineageEdge
         * @description A directed edge: `source` was used to produce `target`.
         */
        LineageEdge: {
            /** Relation */
            relation: string;
            /** Source */
            source: string;
            /** Target */
            target: string;
        };
        /**
         * LineageGraph
         * @description The upstream graph of a version, transitively through registry base models.
         */
        LineageGraph: {
            /** Edges */
            edges: components["schemas"]["LineageEdge"][];
            /** Nodes */
            nodes: components["schemas"]["LineageNode"][];
            /** Root */
            root: string;
            /**
             * Truncated
             * @description True when the depth limit cut the graph.
             */
            truncated: boolean;
        };
        /**
         * LineageLinkRead
         * @description A stored upstream link.
         */
        LineageLinkRead: {
            /** Attributes */
            attributes: {
                [key: string]: unknown;
            };
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /**
             * Ref
             * @description The normalised key that reverse queries match.
             */
            ref: string;
            /**
             * Upstream
             * @description `group/name@version` when the link is a registry base model.
             */
            upstream?: string | null;
        };
        /**
         * LineageNode
         * @description A node of a lineage graph.
         */
        LineageNode: {
            /** Attributes */
            attributes?: {
                [key: string]: unknown;
            };
            /**
             * Id
             * @example version:fraud/credit-scorer@1.4.0
             * @example dataset:s3://risk-data/q3
             */
            id: string;
            /** Kind */
            kind: string;
            /** Label */
            label: string;
        };
        /**
         * LineageUsage
         * @description A version that used the queried dataset, commit or base model.
         */
        LineageUsage: {
            link: components["schemas"]["LineageLinkRead"];
            /** Model */
            model: string;
            /** Stage */
            stage: string;
            /** Version */
            version: string;
        };
        /**
         * ManifestEntry
         * @description A manifest line: the canonical description of one file.
         */
        ManifestEntry: {
            /** Path */
            path: string;
            /** Sha256 */
            sha256: string;
            /** Size */
            size: number;
        };
        /**
         * MeRead
         * @description The caller with the permissions its roles grant (a client offers only those).
         */
        MeRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Disabled */
            disabled: boolean;
            /** Id */
            id: string;
            /** Permissions */
            permissions: components["schemas"]["Permission"][];
            /** Roles */
            roles: components["schemas"]["Role"][];
            /** Username */
            username: string;
        };
        /**
         * ModelCard
         * @description A generated model card: front matter plus sections.
         */
        ModelCard: {
            /** Front Matter */
            front_matter: {
                [key: string]: unknown;
            };
            /** Missing Sections */
            missing_sections: string[];
            /** Model */
            model: string;
            /** Sections */
            sections: components["schemas"]["CardSection"][];
            /** Version */
            version: string;
        };
        /**
         * ModelCreate
         * @description Register a new model.
         * @example {
         *       "description": "Gradient-boosted scorer for card-not-present fraud.",
         *       "framework": "xgboost",
         *       "group": "fraud",
         *       "license": "Apache-2.0",
         *       "name": "credit-scorer",
         *       "owners": [
         *         "alice"
         *       ],
         *       "risk_tier": "high",
         *       "tags": {
         *         "domain": "payments",
         *         "team": "risk-ml"
         *       },
         *       "task": "tabular-classification"
         *     }
         */
        ModelCreate: {
            /**
             * Description
             * @default
             */
            description: string;
            /** Framework */
            framework?: string | null;
            /**
             * Group
             * @description Group part of the identity, e.g. `fraud`.
             */
            group: string;
            /**
             * License
             * @description SPDX license expression.
             */
            license?: string | null;
            /**
             * Name
             * @description Name part of the identity, e.g. `credit-scorer`.
             */
            name: string;
            /**
             * Owners
             * @description Usernames of owners; defaults to the caller.
             */
            owners?: string[] | null;
            risk_tier: components["schemas"]["RiskTier"];
            /** Tags */
            tags?: {
                [key: string]: string;
            };
            /** Task */
            task?: string | null;
        };
        /**
         * ModelFacets
         * @description Counts for narrowing a model search, under standard faceted-search rules.
         *
         *     Each facet is counted over the models matching every filter except its own, so a chosen
         *     group still shows the other groups' counts; tag filters are one facet per tag key. `total`
         *     matches every filter (the number of search results). Fixed-vocabulary facets (`risk_tier`,
         *     `stage`, `blocking_findings`) list every value, zero counts included; the others list values
         *     that at least one model has, at most 20 of them, plus any value that is selected.
         * @example {
         *       "blocking_findings": {
         *         "truncated": false,
         *         "values": [
         *           {
         *             "count": 1,
         *             "value": "true"
         *           },
         *           {
         *             "count": 15,
         *             "value": "false"
         *           }
         *         ]
         *       },
         *       "framework": {
         *         "truncated": false,
         *         "values": [
         *           {
         *             "count": 10,
         *             "value": "xgboost"
         *           }
         *         ]
         *       },
         *       "group": {
         *         "truncated": false,
         *         "values": [
         *           {
         *             "count": 12,
         *             "value": "fraud"
         *           },
         *           {
         *             "count": 4,
         *             "value": "pricing"
         *           }
         *         ]
         *       },
         *       "license": {
         *         "truncated": false,
         *         "values": [
         *           {
         *             "count": 13,
         *             "value": "Apache-2.0"
         *           }
         *         ]
         *       },
         *       "owner": {
         *         "truncated": true,
         *         "values": [
         *           {
         *             "count": 11,
         *             "value": "alice"
         *           }
         *         ]
         *       },
         *       "risk_tier": {
         *         "truncated": false,
         *         "values": [
         *           {
         *             "count": 9,
         *             "value": "low"
         *           },
         *           {
         *             "count": 5,
         *             "value": "medium"
         *           },
         *           {
         *             "count": 2,
         *             "value": "high"
         *           }
         *         ]
         *       },
         *       "stage": {
         *         "truncated": false,
         *         "values": [
         *           {
         *             "count": 7,
         *             "value": "draft"
         *           },
         *           {
         *             "count": 2,
         *             "value": "submitted"
         *           },
         *           {
         *             "count": 1,
         *             "value": "staging"
         *           },
         *           {
         *             "count": 3,
         *             "value": "production"
         *           },
         *           {
         *             "count": 0,
         *             "value": "deprecated"
         *           },
         *           {
         *             "count": 4,
         *             "value": "archived"
         *           },
         *           {
         *             "count": 0,
         *             "value": "rejected"
         *           }
         *         ]
         *       },
         *       "tag": {
         *         "truncated": true,
         *         "values": [
         *           {
         *             "count": 6,
         *             "value": "team=risk-ml"
         *           }
         *         ]
         *       },
         *       "task": {
         *         "truncated": false,
         *         "values": [
         *           {
         *             "count": 8,
         *             "value": "tabular-classification"
         *           }
         *         ]
         *       },
         *       "total": 16
         *     }
         */
        ModelFacets: {
            /** @description `true`: a version that is not archived has a blocking finding that no exception in force covers. */
            blocking_findings: components["schemas"]["Facet"];
            framework: components["schemas"]["Facet"];
            group: components["schemas"]["Facet"];
            license: components["schemas"]["Facet"];
            /** @description Usernames of owners. */
            owner: components["schemas"]["Facet"];
            risk_tier: components["schemas"]["Facet"];
            /** @description Models with at least one version in each stage. */
            stage: components["schemas"]["Facet"];
            /** @description `key=value`, as the `tag` filter takes it. */
            tag: components["schemas"]["Facet"];
            task: components["schemas"]["Facet"];
            /**
             * Total
             * @description Models matching every filter.
             */
            total: number;
        };
        /**
         * ModelRead
         * @description A registered model.
         */
        ModelRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string;
            /** Framework */
            framework: string | null;
            /**
             * Full Name
             * @example fraud/credit-scorer
             */
            full_name: string;
            /** Group */
            group: string;
            /**
             * Latest Version
             * @description Highest version without a pre-release, if any.
             */
            latest_version: string | null;
            /** License */
            license: string | null;
            /** Name */
            name: string;
            /** Owners */
            owners: string[];
            /** @description A requested lowering awaiting MRC approval, if any. */
            pending_risk_tier?: components["schemas"]["PendingRiskTier"] | null;
            /** @description The tier every governance rule applies now. */
            risk_tier: components["schemas"]["RiskTier"];
            /** Tags */
            tags: {
                [key: string]: string;
            };
            /** Task */
            task: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * ModelSort
         * @description Sort orders of model search; a leading '-' sorts descending.
         * @enum {string}
         */
        ModelSort: "name" | "-name" | "created_at" | "-created_at" | "updated_at" | "-updated_at";
        /**
         * ModelUpdate
         * @description Change a model's descriptive fields; omitted fields stay as they are, null clears one
         *     (description to "", tags to {}, task/framework/license to null); risk_tier and owners
         *     cannot be cleared.
         * @example {
         *       "description": "Scorer v2",
         *       "tags": {
         *         "team": "risk-ml"
         *       }
         *     }
         */
        ModelUpdate: {
            /** Description */
            description?: string | null;
            /** Framework */
            framework?: string | null;
            /**
             * License
             * @description SPDX license expression.
             */
            license?: string | null;
            /**
             * Owners
             * @description Replaces all owners; at least one.
             */
            owners?: string[];
            /**
             * Risk Tier
             * @description Raising applies at once; lowering is refused here (409): ask for it with `POST …/risk-tier-changes` and a reason, and MRC decides.
             */
            risk_tier?: components["schemas"]["RiskTier"];
            /**
             * Tags
             * @description Replaces all tags when given; null removes them all.
             */
            tags?: {
                [key: string]: string;
            } | null;
            /** Task */
            task?: string | null;
        };
        /**
         * NotificationRead
         * @description Something a team must look at.
         */
        NotificationRead: {
            /** Audience */
            audience: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /** Severity */
            severity: string;
            /** Subject */
            subject: string;
            /** Title */
            title: string;
        };
        /**
         * OtherLink
         * @description Any other upstream link (a feature store view, a prompt template, a paper...).
         */
        OtherLink: {
            /** Description */
            description?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "other";
            /**
             * Relation
             * @default derived_from
             */
            relation: string;
            /** Uri */
            uri: string;
        };
        /** Page[AuditEventRead] */
        Page_AuditEventRead_: {
            /** Items */
            items: components["schemas"]["AuditEventRead"][];
            /**
             * Next Cursor
             * @description Opaque cursor of the next page; null on the last page.
             */
            next_cursor?: string | null;
        };
        /** Page[ModelRead] */
        Page_ModelRead_: {
            /** Items */
            items: components["schemas"]["ModelRead"][];
            /**
             * Next Cursor
             * @description Opaque cursor of the next page; null on the last page.
             */
            next_cursor?: string | null;
        };
        /** Page[VersionSummary] */
        Page_VersionSummary_: {
            /** Items */
            items: components["schemas"]["VersionSummary"][];
            /**
             * Next Cursor
             * @description Opaque cursor of the next page; null on the last page.
             */
            next_cursor?: string | null;
        };
        /**
         * PendingJob
         * @description A scan job that has not finished.
         */
        PendingJob: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: string;
            /** Kind */
            kind: string;
            /** State */
            state: string;
        };
        /**
         * PendingRiskTier
         * @description A requested lowering of the risk tier that MRC has not decided yet.
         */
        PendingRiskTier: {
            /** Change Id */
            change_id: string;
            /** Reason */
            reason: string;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /** Requested By */
            requested_by: string;
            /** @description The tier asked for; the current tier still applies. */
            risk_tier: components["schemas"]["RiskTier"];
        };
        /**
         * Permission
         * @description What a route needs; every API route declares exactly one.
         * @enum {string}
         */
        Permission: "session" | "models:read" | "models:write" | "artifacts:read" | "artifacts:write" | "audit:read" | "promotions:request" | "promotions:approve" | "policies:read" | "policies:write" | "users:read" | "users:admin" | "scans:read" | "scans:run" | "security:write" | "notifications:read" | "deployments:check";
        /**
         * PolicySetRead
         * @description One version of the policy set.
         */
        PolicySetRead: {
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /** Digest */
            digest: string;
            /** Name */
            name: string;
            /** Number */
            number: number;
            /** Text */
            text: string;
        };
        /**
         * PolicyUpload
         * @description A new policy-set version (YAML text); it becomes active at once.
         * @example {
         *       "text": "name: default\nrules:\n  - id: sealed\n    applies_to: {stages: [production]}\n    condition: version.sealed\n    severity: block\n    message: Seal it first.\n"
         *     }
         */
        PolicyUpload: {
            /** Text */
            text: string;
        };
        /**
         * Problem
         * @description RFC 9457 problem details, with field errors when a request was invalid.
         */
        Problem: {
            /** Detail */
            detail: string;
            /** Errors */
            errors?: components["schemas"]["FieldProblem"][];
            /** Instance */
            instance?: string | null;
            /** Request Id */
            request_id?: string | null;
            /** Status */
            status: number;
            /** Title */
            title: string;
            /**
             * Type
             * @example https://modelreg.dev/problems/invalid-input
             */
            type: string;
        } & {
            [key: string]: unknown;
        };
        /**
         * PromotionCreate
         * @description Ask to move a version to another stage.
         * @example {
         *       "rationale": "Q3 retrain; AUC +0.02 on the holdout set.",
         *       "target_stage": "production"
         *     }
         */
        PromotionCreate: {
            /** Rationale */
            rationale: string;
            target_stage: components["schemas"]["Stage"];
        };
        /**
         * PromotionRead
         * @description A promotion request with its latest evaluation.
         */
        PromotionRead: {
            /** Approval Status */
            approval_status: {
                [key: string]: unknown;
            };
            /** Approvals */
            approvals: components["schemas"]["ApprovalRead"][];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Decision Id */
            decision_id: string | null;
            from_stage: components["schemas"]["Stage"];
            /** Id */
            id: string;
            /** Model */
            model: string;
            /** Policy Digest */
            policy_digest: string;
            /**
             * Policy Set
             * @description Number of the policy-set version it is judged under.
             */
            policy_set: number;
            /** Rationale */
            rationale: string;
            /**
             * Requested By
             * @description User id of the requester.
             */
            requested_by: string;
            /**
             * Requested By Name
             * @description Username of the requester, resolved when read.
             */
            requested_by_name?: string | null;
            /** Results */
            results: components["schemas"]["RuleResultRead"][];
            state: components["schemas"]["PromotionState"];
            target_stage: components["schemas"]["Stage"];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: string;
            /** Version Digest */
            version_digest: string;
        };
        /**
         * PromotionState
         * @description Where a promotion request stands.
         * @enum {string}
         */
        PromotionState: "blocked" | "awaiting_approval" | "approved" | "executed" | "rejected" | "superseded";
        /**
         * RegistrySignatureRead
         * @description The registry's model-signing signature over a sealed version's manifest.
         *
         *     `bundle` is the Sigstore bundle exactly as stored: write it to a file and
         *     `model_signing verify key --signature FILE --public_key registry.pub DIR` checks pulled files.
         */
        RegistrySignatureRead: {
            /** Bundle */
            bundle: {
                [key: string]: unknown;
            };
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Digest
             * @description The version digest whose manifest was signed.
             */
            digest: string;
            /**
             * Keyid
             * @description SHA-256 (hex) of the DER SubjectPublicKeyInfo of the key.
             */
            keyid: string;
            /** Model */
            model: string;
            /** Reason */
            reason: string | null;
            /**
             * Sha256
             * @description SHA-256 of the bundle text.
             */
            sha256: string;
            /**
             * Valid
             * @description The signature verifies under the registry key and lists exactly the version's current manifest (re-checked when read).
             */
            valid: boolean;
            /** Version */
            version: string;
        };
        /**
         * ReplayResult
         * @description The stored input evaluated again under the stored policy version.
         */
        ReplayResult: {
            /** Decision Id */
            decision_id: string;
            /** Differences */
            differences: string[];
            /** Identical */
            identical: boolean;
            /** Original Outcome */
            original_outcome: string;
            /** Replayed Outcome */
            replayed_outcome: string;
        };
        /**
         * RiskTier
         * @description Risk tier of a model; governance rules key approvals off it.
         * @enum {string}
         */
        RiskTier: "low" | "medium" | "high";
        /**
         * RiskTierChangeCreate
         * @description Ask to change a model's risk tier.
         * @example {
         *       "reason": "Scope narrowed to internal triage; no customer-facing decisions (RA-2026-31).",
         *       "risk_tier": "medium"
         *     }
         */
        RiskTierChangeCreate: {
            /**
             * Reason
             * @description Why the tier should change.
             */
            reason: string;
            risk_tier: components["schemas"]["RiskTier"];
        };
        /**
         * RiskTierChangeRead
         * @description A requested or applied tier change.
         */
        RiskTierChangeRead: {
            /** Decided At */
            decided_at: string | null;
            /**
             * Decided By
             * @description User id of who approved, rejected or withdrew.
             */
            decided_by: string | null;
            from_tier: components["schemas"]["RiskTier"];
            /** Id */
            id: string;
            /**
             * Model
             * @example fraud/credit-scorer
             */
            model: string;
            /**
             * Rationale
             * @description Why it was decided so.
             */
            rationale: string | null;
            /** Reason */
            reason: string;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /**
             * Requested By
             * @description User id of who asked.
             */
            requested_by: string;
            state: components["schemas"]["RiskTierChangeState"];
            to_tier: components["schemas"]["RiskTier"];
        };
        /**
         * RiskTierChangeState
         * @description Where a tier change stands.
         * @enum {string}
         */
        RiskTierChangeState: "applied" | "pending" | "approved" | "rejected" | "withdrawn" | "superseded";
        /**
         * RiskTierDecision
         * @description MRC's verdict on a requested lowering.
         * @example {
         *       "decision": "approve",
         *       "rationale": "Risk assessment RA-2026-31 holds."
         *     }
         */
        RiskTierDecision: {
            /**
             * Decision
             * @enum {string}
             */
            decision: "approve" | "reject";
            /** Rationale */
            rationale: string;
        };
        /**
         * Role
         * @description A user's role; a user holds one or more.
         * @enum {string}
         */
        Role: "model_owner" | "mrc" | "security_architect" | "sre" | "auditor" | "admin";
        /**
         * RuleResultRead
         * @description One rule's verdict in a decision.
         */
        RuleResultRead: {
            /** Description */
            description: string;
            /**
             * Error
             * @description Why the rule could not be evaluated (it then blocks).
             */
            error: string | null;
            /**
             * Message
             * @description How to fix it, when the rule did not pass.
             */
            message: string;
            /** Passed */
            passed: boolean;
            /** Rule Id */
            rule_id: string;
            /**
             * Severity
             * @enum {string}
             */
            severity: "block" | "warn";
        };
        /**
         * ScanQueueState
         * @description Whether anyone is running the version's unfinished jobs, so waiting differs from stuck.
         */
        ScanQueueState: {
            /**
             * Detail
             * @example scan queued for 12 minutes, no worker alive: start …
             */
            detail: string;
            /**
             * Queued Since
             * Format: date-time
             * @description When the oldest unfinished job was queued.
             */
            queued_since: string;
            /**
             * State
             * @enum {string}
             */
            state: "queued" | "running";
            /**
             * Worker Alive
             * @description False: no worker has sent a heartbeat lately.
             */
            worker_alive: boolean;
            /** Workers Alive */
            workers_alive: number;
        };
        /**
         * ScanRequested
         * @description A queued scan job.
         */
        ScanRequested: {
            /** Job Id */
            job_id: string;
        };
        /**
         * ScanResultRead
         * @description One stored scan result with its findings and details.
         */
        ScanResultRead: {
            /** Database Version */
            database_version: string | null;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /** Errors */
            errors: {
                [key: string]: unknown;
            }[];
            /** Finding Count */
            finding_count: number;
            /** Findings */
            findings: {
                [key: string]: unknown;
            }[];
            /**
             * Finished At
             * Format: date-time
             */
            finished_at: string;
            /** Id */
            id: string;
            /**
             * Scan Id
             * @description Results stored by the same job share it.
             */
            scan_id: string;
            /** Scanner */
            scanner: string;
            /** Scanner Version */
            scanner_version: string;
            /**
             * Status
             * @enum {string}
             */
            status: "completed" | "error";
            /** Trigger */
            trigger: string;
            /** Version Digest */
            version_digest: string;
        };
        /**
         * ScanResultSummary
         * @description One stored scan result (append-only history).
         */
        ScanResultSummary: {
            /** Database Version */
            database_version: string | null;
            /** Errors */
            errors: {
                [key: string]: unknown;
            }[];
            /** Finding Count */
            finding_count: number;
            /**
             * Finished At
             * Format: date-time
             */
            finished_at: string;
            /** Id */
            id: string;
            /**
             * Scan Id
             * @description Results stored by the same job share it.
             */
            scan_id: string;
            /** Scanner */
            scanner: string;
            /** Scanner Version */
            scanner_version: string;
            /**
             * Status
             * @enum {string}
             */
            status: "completed" | "error";
            /** Trigger */
            trigger: string;
            /** Version Digest */
            version_digest: string;
        };
        /**
         * ScannerState
         * @description The latest result of one scanner for the current digest.
         */
        ScannerState: {
            /** Database Version */
            database_version: string | null;
            /**
             * Finished At
             * Format: date-time
             */
            finished_at: string;
            /** Scanner Version */
            scanner_version: string;
            /**
             * Status
             * @enum {string}
             */
            status: "completed" | "error";
        };
        /**
         * SecurityStatus
         * @description A version's security state: what the policy sees, every finding, and the history.
         */
        SecurityStatus: {
            /**
             * Advisories
             * @description The advisory database the vulnerability verdict used: database_version, imported_at, age_days, stale, empty.
             */
            advisories: {
                [key: string]: unknown;
            };
            /**
             * Counts
             * @description Open findings per severity.
             */
            counts: {
                [key: string]: number;
            };
            /** Digest */
            digest: string;
            /** Findings */
            findings: components["schemas"]["FindingRead"][];
            /** History */
            history: components["schemas"]["ScanResultSummary"][];
            /** License */
            license: {
                [key: string]: unknown;
            };
            /** Model */
            model: string;
            /** Pending Jobs */
            pending_jobs: components["schemas"]["PendingJob"][];
            /** @description Where the pending jobs stand; null when none is pending. */
            queue?: components["schemas"]["ScanQueueState"] | null;
            /**
             * Recheck Pending
             * @description A re-check is queued or running; until it settles, the state above is that of the last completed scan.
             */
            recheck_pending: boolean;
            /** Scanners */
            scanners: {
                [key: string]: components["schemas"]["ScannerState"];
            };
            /** Signature */
            signature: {
                [key: string]: unknown;
            };
            /**
             * Status
             * @enum {string}
             */
            status: "complete" | "pending" | "partial" | "failed" | "none";
            /** Version */
            version: string;
        };
        /**
         * SignatureCheckRead
         * @description The result of the newest signature scan of the version's current digest.
         */
        SignatureCheckRead: {
            /**
             * Bundle Sha256
             * @description SHA-256 of the newest uploaded bundle.
             */
            bundle_sha256: string | null;
            /** Identity */
            identity: string | null;
            /** Key Fingerprint */
            key_fingerprint: string | null;
            /** Method */
            method: string;
            /** Reason */
            reason: string | null;
            /** Scanned At */
            scanned_at: string | null;
            /** Signed Files */
            signed_files: number;
            /**
             * Signer
             * @description Name of the trusted signer that verified, if any.
             */
            signer: string;
            /**
             * Status
             * @description `not_scanned` when the newest uploaded bundle has not been scanned yet.
             * @enum {string}
             */
            status: "verified" | "missing" | "invalid" | "untrusted" | "not_scanned";
        };
        /**
         * SignatureRead
         * @description The newest model-signing signature (a Sigstore bundle) uploaded for a version.
         */
        SignatureRead: {
            /** Bundle */
            bundle: {
                [key: string]: unknown;
            };
            /**
             * Method
             * @enum {string}
             */
            method: "key" | "certificate" | "keyless";
            /** Model */
            model: string;
            /**
             * Sha256
             * @description SHA-256 of the bundle as uploaded.
             */
            sha256: string;
            /** Size */
            size: number;
            /**
             * Uploaded At
             * Format: date-time
             */
            uploaded_at: string;
            /** Uploaded By */
            uploaded_by: string;
            /** Version */
            version: string;
        };
        /**
         * Stage
         * @description Lifecycle stage of a version.
         * @enum {string}
         */
        Stage: "draft" | "submitted" | "staging" | "production" | "deprecated" | "archived" | "rejected";
        /**
         * StageChange
         * @description A stage a version entered.
         */
        StageChange: {
            /**
             * Actor
             * @description User id of whoever moved the version, or `system`.
             */
            actor: string;
            /**
             * Actor Name
             * @description Username of the actor, resolved when read; null for `system`.
             */
            actor_name?: string | null;
            /** Decision Id */
            decision_id: string | null;
            /**
             * Entered At
             * Format: date-time
             */
            entered_at: string;
            from_stage: components["schemas"]["Stage"] | null;
            /** Promotion Id */
            promotion_id: string | null;
            /** Rationale */
            rationale: string;
            stage: components["schemas"]["Stage"];
            /** Version */
            version: string;
        };
        /**
         * StagesAt
         * @description Which versions of a model were in which stage at a moment.
         */
        StagesAt: {
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Model */
            model: string;
            /**
             * Stages
             * @example {
             *       "production": [
             *         "1.4.0"
             *       ],
             *       "staging": [
             *         "1.5.0"
             *       ]
             *     }
             */
            stages: {
                [key: string]: string[];
            };
        };
        /**
         * TokenCreate
         * @description Issue a token; the secret is shown once in the response.
         * @example {
         *       "expires_in_days": 30
         *     }
         */
        TokenCreate: {
            /**
             * Expires In Days
             * @default 90
             */
            expires_in_days: number;
            /**
             * Label
             * @default
             */
            label: string;
        };
        /**
         * TokenIssued
         * @description A newly issued token, with the secret shown this once.
         */
        TokenIssued: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /** Id */
            id: string;
            /** Label */
            label: string;
            /** Revoked At */
            revoked_at: string | null;
            /**
             * Token
             * @description Bearer secret; store it now, it cannot be shown again.
             */
            token: string;
            /** Username */
            username: string;
        };
        /**
         * TokenRead
         * @description A token's public facts (never its secret).
         */
        TokenRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /** Id */
            id: string;
            /** Label */
            label: string;
            /** Revoked At */
            revoked_at: string | null;
            /** Username */
            username: string;
        };
        /**
         * TrainingRunLink
         * @description A training run in an experiment tracker.
         */
        TrainingRunLink: {
            /** Ended At */
            ended_at?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            kind: "training_run";
            /** Metrics */
            metrics?: {
                [key: string]: number;
            };
            /** Params */
            params?: {
                [key: string]: unknown;
            };
            /** Run Id */
            run_id: string;
            /** Started At */
            started_at?: string | null;
            /**
             * System
             * @example mlflow
             */
            system: string;
            /** Uri */
            uri?: string | null;
        };
        /**
         * TrustedSignerCreate
         * @description Trust an ECDSA public key, or a CA bundle plus one signer identity, for model signatures.
         * @example {
         *       "kind": "key",
         *       "name": "ml-platform-release",
         *       "public_key_pem": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...\n-----END PUBLIC KEY-----\n"
         *     }
         */
        TrustedSignerCreate: {
            /**
             * Ca Pem
             * @description kind `certificate`: one or more PEM CA certificates the signing certificate must chain to.
             */
            ca_pem?: string | null;
            /**
             * Identity
             * @description kind `certificate`: the e-mail address or URI the signing certificate must name in its Subject Alternative Name.
             */
            identity?: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "key" | "certificate";
            /**
             * Name
             * @description Unique name (letters, digits, `.`, `_`, `@`, `-`); kept after revocation.
             */
            name: string;
            /**
             * Public Key Pem
             * @description kind `key`: an ECDSA P-256, P-384 or P-521 public key (PEM).
             */
            public_key_pem?: string | null;
        };
        /**
         * TrustedSignerRead
         * @description A trusted signer; revoked ones stay listed (with `revoked_at`) for the record.
         */
        TrustedSignerRead: {
            /** Active */
            active: boolean;
            /** Ca Pem */
            ca_pem: string | null;
            /**
             * Ca Subjects
             * @description Subjects of the CA certificates, for reading.
             */
            ca_subjects: string[];
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /** Identity */
            identity: string | null;
            /**
             * Key Fingerprint
             * @description kind `key`: SHA-256 (hex) of the DER SubjectPublicKeyInfo.
             */
            key_fingerprint: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "key" | "certificate";
            /** Name */
            name: string;
            /** Public Key Pem */
            public_key_pem: string | null;
            /** Revoked At */
            revoked_at: string | null;
        };
        /**
         * UserCreate
         * @description Create a user with one or more roles.
         * @example {
         *       "roles": [
         *         "model_owner"
         *       ],
         *       "username": "alice"
         *     }
         */
        UserCreate: {
            /** Roles */
            roles: components["schemas"]["Role"][];
            /** Username */
            username: string;
        };
        /**
         * UserRead
         * @description A user, with the pseudonymous id the audit chain records.
         */
        UserRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Disabled */
            disabled: boolean;
            /** Id */
            id: string;
            /** Roles */
            roles: components["schemas"]["Role"][];
            /** Username */
            username: string;
        };
        /**
         * UserUpdate
         * @description Change a user's roles or disable the account; omitted fields stay as they are.
         * @example {
         *       "disabled": false,
         *       "roles": [
         *         "model_owner",
         *         "mrc"
         *       ]
         *     }
         */
        UserUpdate: {
            /**
             * Disabled
             * @description A disabled user's tokens stop working at once.
             */
            disabled?: boolean;
            /**
             * Roles
             * @description Replaces every role the user holds.
             */
            roles?: components["schemas"]["Role"][];
        };
        /**
         * VerificationRead
         * @description Signature status and re-verified attestations of a version, with the registry key.
         */
        VerificationRead: {
            attestation_key: components["schemas"]["AttestationKeyRead"];
            /** Attestations */
            attestations: components["schemas"]["AttestationRead"][];
            /**
             * Digest
             * @description The version's current digest.
             */
            digest: string;
            /** Model */
            model: string;
            /** @description The registry's seal-time signature; null for an unsealed version. */
            registry_signature: components["schemas"]["RegistrySignatureRead"] | null;
            /** Sealed */
            sealed: boolean;
            signature: components["schemas"]["SignatureCheckRead"];
            /** Version */
            version: string;
        };
        /**
         * VersionCreate
         * @description Create a version of a model.
         * @example {
         *       "description": "Retrained on Q3 data.",
         *       "lineage": [
         *         {
         *           "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
         *           "kind": "code",
         *           "repository": "https://git.example.com/risk/scorer"
         *         }
         *       ],
         *       "metadata": {
         *         "auc": 0.91
         *       },
         *       "tags": {
         *         "dataset": "q3-2026"
         *       },
         *       "version": "1.4.0"
         *     }
         */
        VersionCreate: {
            /**
             * Description
             * @default
             */
            description: string;
            /** Lineage */
            lineage?: (components["schemas"]["DatasetLink"] | components["schemas"]["CodeLink"] | components["schemas"]["TrainingRunLink"] | components["schemas"]["BaseModelLink"] | components["schemas"]["OtherLink"])[];
            /**
             * Metadata
             * @description Free JSON metadata.
             */
            metadata?: {
                [key: string]: unknown;
            };
            /** Tags */
            tags?: {
                [key: string]: string;
            };
            /**
             * Version
             * @description Semantic Versioning 2.0.0, e.g. `1.4.0` or `2.0.0-rc.1`.
             */
            version: string;
        };
        /**
         * VersionRead
         * @description A version with its metadata, manifest and seal state.
         */
        VersionRead: {
            /** Artifact Count */
            artifact_count: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string;
            /**
             * Digest
             * @description SHA-256 of the canonical manifest (the version digest).
             */
            digest: string;
            /** Is Prerelease */
            is_prerelease: boolean;
            /** Manifest */
            manifest: components["schemas"]["ManifestEntry"][];
            /** Metadata */
            metadata: {
                [key: string]: unknown;
            };
            /**
             * Model
             * @example fraud/credit-scorer
             */
            model: string;
            /** Sealed */
            sealed: boolean;
            /** Sealed At */
            sealed_at: string | null;
            stage: components["schemas"]["Stage"];
            /** Tags */
            tags: {
                [key: string]: string;
            };
            /** Total Size */
            total_size: number;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: string;
        };
        /**
         * VersionSort
         * @description Sort orders of version lists; `version` is SemVer precedence.
         * @enum {string}
         */
        VersionSort: "version" | "-version" | "created_at" | "-created_at";
        /**
         * VersionSummary
         * @description A version as listed: identity, stage and digest, without the manifest.
         */
        VersionSummary: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string;
            /**
             * Digest
             * @description SHA-256 of the canonical manifest (the version digest).
             */
            digest: string;
            /** Is Prerelease */
            is_prerelease: boolean;
            /**
             * Model
             * @example fraud/credit-scorer
             */
            model: string;
            /** Sealed */
            sealed: boolean;
            stage: components["schemas"]["Stage"];
            /** Tags */
            tags: {
                [key: string]: string;
            };
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: string;
        };
        /**
         * VersionUpdate
         * @description Change a version's description, metadata or tags (metadata only before sealing); omitted
         *     fields stay as they are, null clears one (description to "", metadata and tags to {}).
         * @example {
         *       "tags": {
         *         "reviewed": "yes"
         *       }
         *     }
         */
        VersionUpdate: {
            /** Description */
            description?: string | null;
            /** Metadata */
            metadata?: {
                [key: string]: unknown;
            } | null;
            /** Tags */
            tags?: {
                [key: string]: string;
            } | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_events_api_v1_audit_events_get: {
        parameters: {
            query?: {
                subject?: string;
                /** @description User id (see /api/v1/users). */
                actor?: string;
                action?: string;
                /** @description Inclusive; RFC 3339. */
                since?: string;
                /** @description Exclusive; RFC 3339. */
                until?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AuditEventRead_"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verify_api_v1_audit_verify_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChainVerification"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_decision_api_v1_decisions__decision_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                decision_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DecisionRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replay_decision_api_v1_decisions__decision_id__replay_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                decision_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayResult"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    usages_api_v1_lineage_usages_get: {
        parameters: {
            query: {
                kind: "dataset" | "code" | "base_model" | "training_run" | "other";
                /** @description Dataset uri, commit SHA, `group/name@version`, external ref, or `system:run_id`. */
                ref?: string;
                /** @description Dataset digest. */
                digest?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LineageUsage"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    me_api_v1_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    search_models_api_v1_models_get: {
        parameters: {
            query?: {
                sort?: components["schemas"]["ModelSort"];
                /** @description Page size (1–500). */
                limit?: number;
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Words matched (as prefixes) against name, description, tags and card. */
                q?: string;
                group?: string;
                risk_tier?: components["schemas"]["RiskTier"];
                /** @description Username of an owner. */
                owner?: string;
                /** @description `key=value`; repeat to require several tags. */
                tag?: string[];
                /** @description Has a version in this stage. */
                stage?: components["schemas"]["Stage"];
                framework?: string;
                task?: string;
                /** @description The model's SPDX license expression, exactly as stored. */
                license?: string;
                /** @description `true`: a version that is not archived has a blocking security finding (at or above the configured severity) that no exception in force covers; `false`: none has. */
                blocking_findings?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ModelRead_"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_model_api_v1_models_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: a repeated request with the same key and body returns the first response instead of creating twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModelCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    model_facets_api_v1_models_facets_get: {
        parameters: {
            query?: {
                /** @description Words matched (as prefixes) against name, description, tags and card. */
                q?: string;
                group?: string;
                risk_tier?: components["schemas"]["RiskTier"];
                /** @description Username of an owner. */
                owner?: string;
                /** @description `key=value`; repeat to require several tags. */
                tag?: string[];
                /** @description Has a version in this stage. */
                stage?: components["schemas"]["Stage"];
                framework?: string;
                task?: string;
                /** @description The model's SPDX license expression, exactly as stored. */
                license?: string;
                /** @description `true`: a version that is not archived has a blocking security finding (at or above the configured severity) that no exception in force covers; `false`: none has. */
                blocking_findings?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelFacets"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_model_api_v1_models__group___name__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelRead"];
                };
            };
            /** @description Not modified: `If-None-Match` named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_model_api_v1_models__group___name__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModelUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    stages_at_api_v1_models__group___name__history_get: {
        parameters: {
            query: {
                /** @description A moment; RFC 3339, e.g. `2026-01-31T12:00:00Z`. */
                at: string;
            };
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StagesAt"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_tier_changes_api_v1_models__group___name__risk_tier_changes_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskTierChangeRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    request_tier_change_api_v1_models__group___name__risk_tier_changes_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: a repeated request with the same key and body returns the first response instead of creating twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RiskTierChangeCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskTierChangeRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_versions_api_v1_models__group___name__versions_get: {
        parameters: {
            query?: {
                /** @description Words matched against version, description and tags. */
                q?: string;
                stage?: components["schemas"]["Stage"];
                /** @description `key=value`; repeat to require several tags. */
                tag?: string[];
                /** @description Only pre-releases (true) or releases (false). */
                prerelease?: boolean;
                sort?: components["schemas"]["VersionSort"];
                /** @description Page size (1–500). */
                limit?: number;
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_VersionSummary_"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_version_api_v1_models__group___name__versions_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: a repeated request with the same key and body returns the first response instead of creating twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VersionCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_version_api_v1_models__group___name__versions__version__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionRead"];
                };
            };
            /** @description Not modified: `If-None-Match` named the current ETag */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_version_api_v1_models__group___name__versions__version__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VersionUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_artifacts_api_v1_models__group___name__versions__version__artifacts_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    download_artifact_api_v1_models__group___name__versions__version__artifacts__path__get: {
        parameters: {
            query?: never;
            header?: {
                /** @description One `bytes=first-last` range (206); unsatisfiable ones are 416, others are ignored (200). */
                Range?: string;
            };
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
                /** @description Relative POSIX path inside the version, e.g. `weights/model.safetensors`. */
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The artifact bytes, in its uploaded media type */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                    "application/octet-stream": string;
                };
            };
            /** @description The requested range (`Content-Range: bytes first-last/size`) */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                    "application/octet-stream": string;
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Range not satisfiable */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    upload_artifact_api_v1_models__group___name__versions__version__artifacts__path__put: {
        parameters: {
            query?: never;
            header?: {
                /** @description Expected SHA-256 of the body (64 hex characters). */
                "x-content-sha256"?: string;
                /** @description RFC 9530, sha-256 only: `sha-256=:<base64 of 32 bytes>:`. */
                "content-digest"?: string;
            };
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
                /** @description Relative POSIX path inside the version, e.g. `weights/model.safetensors`. */
                path: string;
            };
            cookie?: never;
        };
        /** @description The raw file (any media type except multipart/*), at most MODELREG_MAX_ARTIFACT_BYTES (413 beyond). */
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArtifactRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Artifact larger than the configured maximum */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_card_api_v1_models__group___name__versions__version__card_get: {
        parameters: {
            query?: {
                /** @description Overrides the Accept header. */
                format?: "json" | "markdown";
            };
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The card as JSON, or Markdown with YAML front matter */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelCard"];
                    "text/markdown": unknown;
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_annotations_api_v1_models__group___name__versions__version__card_annotations_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CardAnnotations"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    put_annotations_api_v1_models__group___name__versions__version__card_annotations_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CardAnnotations"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CardAnnotations"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_container_sbom_api_v1_models__group___name__versions__version__container_sbom_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    put_container_sbom_api_v1_models__group___name__versions__version__container_sbom_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        /** @description A CycloneDX or SPDX JSON document. */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContainerSbomRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Artifact larger than the configured maximum */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deploy_check_api_v1_models__group___name__versions__version__deploy_check_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeployCheck"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeployVerdict"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_exceptions_api_v1_models__group___name__versions__version__exceptions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    grant_exception_api_v1_models__group___name__versions__version__exceptions_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExceptionCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_findings_api_v1_models__group___name__versions__version__findings_get: {
        parameters: {
            query?: {
                /** @description Only blocking (or non-blocking). */
                blocking?: boolean;
            };
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FindingRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    version_history_api_v1_models__group___name__versions__version__history_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StageChange"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_links_api_v1_models__group___name__versions__version__lineage_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LineageLinkRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_links_api_v1_models__group___name__versions__version__lineage_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": (components["schemas"]["DatasetLink"] | components["schemas"]["CodeLink"] | components["schemas"]["TrainingRunLink"] | components["schemas"]["BaseModelLink"] | components["schemas"]["OtherLink"])[];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LineageLinkRead"][];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    graph_api_v1_models__group___name__versions__version__lineage_graph_get: {
        parameters: {
            query?: {
                /** @description Levels of base models to follow. */
                depth?: number;
            };
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LineageGraph"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    remove_link_api_v1_models__group___name__versions__version__lineage__link_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
                link_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_promotions_api_v1_models__group___name__versions__version__promotions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    request_promotion_api_v1_models__group___name__versions__version__promotions_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: a repeated request with the same key and body returns the first response instead of creating twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromotionCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_registry_signature_api_v1_models__group___name__versions__version__registry_signature_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrySignatureRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_ml_bom_api_v1_models__group___name__versions__version__sbom_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CycloneDX 1.6 ML-BOM */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.cyclonedx+json": unknown;
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_scans_api_v1_models__group___name__versions__version__scans_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecurityStatus"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    request_scan_api_v1_models__group___name__versions__version__scans_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScanRequested"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_scan_result_api_v1_models__group___name__versions__version__scans__result_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
                result_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScanResultRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    seal_version_api_v1_models__group___name__versions__version__seal_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_signature_api_v1_models__group___name__versions__version__signature_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignatureRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    upload_signature_api_v1_models__group___name__versions__version__signature_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        /** @description The Sigstore bundle that `model_signing sign` wrote (≤ 1 MiB). */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignatureRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Artifact larger than the configured maximum */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_verification_api_v1_models__group___name__versions__version__verification_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model group, e.g. `fraud`. */
                group: string;
                /** @description Model name, e.g. `credit-scorer`. */
                name: string;
                /** @description SemVer 2.0.0 version or `latest`. */
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerificationRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_notifications_api_v1_notifications_get: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Only older than this; RFC 3339. */
                before?: string;
                kind?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_policies_api_v1_policies_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicySetRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    upload_policy_api_v1_policies_put: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyUpload"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicySetRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    active_policy_api_v1_policies_active_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicySetRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    dry_run_api_v1_policies_dry_run_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DryRunRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DryRunResult"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_policy_api_v1_policies__number__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Policy-set version number. */
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicySetRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pending_promotions_api_v1_promotions_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_promotion_api_v1_promotions__promotion_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promotion_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decide_promotion_api_v1_promotions__promotion_id__approvals_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promotion_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApprovalCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_tier_change_api_v1_risk_tier_changes__change_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                change_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskTierChangeRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decide_tier_change_api_v1_risk_tier_changes__change_id__decision_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                change_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RiskTierDecision"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskTierChangeRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    withdraw_tier_change_api_v1_risk_tier_changes__change_id__withdraw_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                change_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskTierChangeRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    advisory_status_api_v1_security_advisories_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdvisoryStatus"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_attestation_key_api_v1_security_attestation_key_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttestationKeyRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revoke_exception_api_v1_security_exceptions__exception_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                exception_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExceptionRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_license_policy_api_v1_security_license_policy_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LicensePolicyRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    put_license_policy_api_v1_security_license_policy_put: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LicenseLists"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LicensePolicyRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_trusted_signers_api_v1_security_trusted_signers_get: {
        parameters: {
            query?: {
                /** @description Also list revoked signers. */
                include_revoked?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustedSignerRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_trusted_signer_api_v1_security_trusted_signers_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrustedSignerCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustedSignerRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revoke_trusted_signer_api_v1_security_trusted_signers__name__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustedSignerRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revoke_token_api_v1_tokens__token_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_users_api_v1_users_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_user_api_v1_users_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: a repeated request with the same key and body returns the first response instead of creating twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_user_api_v1_users__username__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_user_api_v1_users__username__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state (exists, sealed...) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_tokens_api_v1_users__username__tokens_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenRead"][];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    issue_token_api_v1_users__username__tokens_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenIssued"];
                };
            };
            /** @description The request body is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model, version or artifact */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    search_versions_api_v1_versions_get: {
        parameters: {
            query?: {
                /** @description Words matched against version, description and tags. */
                q?: string;
                stage?: components["schemas"]["Stage"];
                /** @description `key=value`; repeat to require several tags. */
                tag?: string[];
                /** @description Only pre-releases (true) or releases (false). */
                prerelease?: boolean;
                /** @description Of the version's model. */
                group?: string;
                /** @description Of the version's model. */
                risk_tier?: components["schemas"]["RiskTier"];
                /** @description Of the version's model. */
                framework?: string;
                sort?: components["schemas"]["VersionSort"];
                /** @description Page size (1–500). */
                limit?: number;
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_VersionSummary_"];
                };
            };
            /** @description Missing, expired or revoked token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your roles or ownership do not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A value breaks a rule; `errors` names the fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    healthz_healthz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
        };
    };
    readyz_readyz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The database or the blob store is unreachable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
