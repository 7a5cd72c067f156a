namespace FormFlow.Api.Authoring;

/// <summary><c>FormFlow:Authoring</c>: the limits of an app import (the zip itself is limited by <c>FormFlow:Limits:MaxRequestBytes</c>).</summary>
internal sealed class AuthoringOptions
{
    public const string Section = "FormFlow:Authoring";

    /// <summary>The most entries an import zip may hold.</summary>
    public int MaxImportEntries { get; set; } = 500;

    /// <summary>The most bytes all entries of an import zip may hold uncompressed, counted while reading (a zip bomb stops here).</summary>
    public long MaxImportBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The most bytes one entry may hold uncompressed.</summary>
    public long MaxImportEntryBytes { get; set; } = 2 * 1024 * 1024;
}
