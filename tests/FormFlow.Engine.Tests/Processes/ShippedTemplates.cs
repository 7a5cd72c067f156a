using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>The templates of <c>templates/</c> as a process finds them: by key, each at version 1.</summary>
internal static class ShippedTemplates
{
    private static readonly Lazy<Dictionary<string, FormTemplate>> ByKey = new(() =>
        Directory.EnumerateFiles(RepositoryFiles.Templates, "*.json")
            .Select(file => FormTemplate.Load(File.ReadAllText(file)).Template!)
            .ToDictionary(t => t.Key, StringComparer.Ordinal));

    public static FormTemplate? Find(FormReference reference) =>
        reference.Version is null or 1 ? ByKey.Value.GetValueOrDefault(reference.Template) : null;
}
