namespace FormFlow.Cli;

/// <summary>Finds template documents: a file as given, or every *.json under a folder except example submissions.</summary>
internal static class TemplateFiles
{
    public static IReadOnlyList<string>? Find(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            return null;
        }

        // Example submissions sit beside the templates in examples/ folders; they are data, not templates.
        return Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)
            .Where(file => !Path.GetFullPath(file).Split(Path.DirectorySeparatorChar).Contains("examples"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
