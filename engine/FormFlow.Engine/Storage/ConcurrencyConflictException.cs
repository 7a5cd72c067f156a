namespace FormFlow.Storage;

/// <summary>
/// A write that was based on a version of a row that is no longer current: someone else changed it first.
/// The unit of work must not be committed: rolled back, nothing the command wrote stays. The caller reloads
/// and decides again (the API answers 409).
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

    /// <summary>A claim on <paramref name="entity"/> <paramref name="id"/> that another request took over.</summary>
    public ConcurrencyConflictException(string entity, string id)
        : base($"{entity} {id} was taken over by another request")
    {
        Entity = entity;
        Id = id;
    }

    public string Entity { get; }

    public string Id { get; }

    public int ExpectedVersion { get; }
}
