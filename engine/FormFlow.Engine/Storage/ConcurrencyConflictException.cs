namespace FormFlow.Storage;

/// <summary>
/// A write that was based on a version of a row that is no longer current: someone else changed it first.
/// Nothing was written; the caller reloads and decides again.
/// </summary>
internal sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string entity, string id, int expectedVersion)
        : base($"{entity} {id} is no longer at version {expectedVersion}: it was changed by someone else")
    {
        Entity = entity;
        Id = id;
        ExpectedVersion = expectedVersion;
    }

    public string Entity { get; }

    public string Id { get; }

    public int ExpectedVersion { get; }
}
