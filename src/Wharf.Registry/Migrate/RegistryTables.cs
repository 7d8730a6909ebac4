namespace Wharf.Registry.Migrate;

/// <summary>Which tables of the metadata schema hold a registry's state, and so are carried by <c>wharf migrate</c>,
/// and which are not, with the reason (decision 014). Every table of the schema is in exactly one of the two lists;
/// a test holds every new migration to that.</summary>
public static class RegistryTables
{
    /// <summary>The carried tables in foreign-key order: each after every table it references.</summary>
    public static IReadOnlyList<RegistryTable> Carried { get; } =
    [
        new("repositories", ["id"], Identity: "id"),
        new("blob_links", ["repository_id", "digest"]),
        // Bytes, media type, artifact type, subject (what the referrers API answers from) and annotations.
        new("manifests", ["repository_id", "digest"]),
        new("manifest_blobs", ["repository_id", "manifest_digest", "blob_digest"]),
        new("manifest_children", ["repository_id", "manifest_digest", "child_digest"]),
        new("tags", ["repository_id", "name"]),
        // What the UI shows of a repository (migration 016): its description and its pull statistics, which a move
        // should not reset (counts a source node had not flushed yet are not in them).
        new("repository_descriptions", ["repository_id"]),
        new("repository_pulls", ["repository_id"]),
        new("manifest_pulls", ["repository_id", "digest"]),
        // Measured from the blobs, which are carried unchanged: the target need not read every layer again.
        new("blob_uncompressed_sizes", ["digest"]),
        new("accounts", ["id"], Identity: "id"),
        new("teams", ["id"], Identity: "id"),
        new("team_members", ["team_id", "account_id"]),
        new("repository_grants", ["id"], Identity: "id"),
        new("repository_visibility", ["repository"]),
        // Hashes only: the secrets were never stored, so personal access tokens and robot secrets keep working.
        new("access_tokens", ["id"], Identity: "id"),
        new("audit_events", ["id"], Identity: "id"),
        // So that tokens signed before the move stay valid after it.
        new("signing_keys", ["sequence"]),
        // So that web UI sessions signed in before the move stay signed in after it (decision 026).
        new("data_protection_keys", ["name"]),
        // Build triggers are configuration a team set up. Their secrets stay sealed: the target opens them only with the
        // source's Secrets:Key (or its secret.key file), else its webhooks answer "Secret key mismatch" (decision 023).
        new("build_triggers", ["id"], Identity: "id"),
        // What each trigger's refs were last built on (decision 023): without it the target would not rebuild them when
        // a base image moves until each had been built again.
        new("trigger_base_images", ["trigger_id", "source_ref", "image_tags", "base_repository", "base_tag"]),
        // Endpoints, their secrets and headers as sealed (decision 022): a target sealing with Secrets:Key needs the
        // source's key to open them.
        new("webhooks", ["id"], Identity: "id"),
    ];

    /// <summary>The tables left behind, each with the reason.</summary>
    public static IReadOnlyDictionary<string, string> NotCarried { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["uploads"] = "uploads in progress: their bytes are staged in the source's blob store; clients push those blobs again",
        ["upload_parts"] = "the staged parts of uploads in progress (see uploads)",
        ["blob_deletions"] = "garbage collections in progress on the source; the target's collector decides for itself",
        ["login_failures"] = "the login throttle's counters, which expire within minutes",
        ["builds"] = "the source's build queue and history: a queued or running build belongs to the source's workers, and its context to the source's blob store",
        ["build_logs"] = "the logs of the source's builds (see builds)",
        ["build_secrets"] = "the sealed secrets and ssh key files of the source's queued and running builds, which are the source's workers' to run (see builds) and are deleted when they end",
        ["base_image_rebuilds"] = "rebuilds the source owed its triggers when a base image moved, for the source's nodes to queue into its build queue (see builds)",
        ["trigger_deliveries"] = "the webhook deliveries the source acted on, kept to refuse a redelivery within moments of the first",
        ["webhook_events"] = "the source's outbox: events its nodes deliver (or would have); the target's changes write their own",
        ["webhook_deliveries"] = "the source's delivery queue and logs (see webhook_events)",
        ["git_pull_builds"] = "which pulls asked the source to build which commits (decision 025): the images are carried as any other, and a pull on the target records it again, when its idle time starts",
        ["garbage_collections"] = "the source's collections and what they freed in its blob store; the target's collector records its own",
        ["migrate_runs"] = "the copies made into the source; the target records its own",
        ["schema_migrations"] = "the schema version, which the target's own migrations record",
    };

    /// <summary>Emptied in the target before the copy along with the carried tables, since their rows would name a
    /// registry that is being replaced.</summary>
    public static IReadOnlyList<string> ClearedInTarget { get; } =
        ["upload_parts", "uploads", "blob_deletions", "login_failures", "build_logs", "build_secrets", "builds", "base_image_rebuilds", "trigger_deliveries", "webhook_deliveries",
         "webhook_events", "git_pull_builds"];
}
