namespace FormFlow.Tests;

/// <summary>Finds the repository's own folders (templates/, docs/) and the shared conformance data beside it.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Templates => Path.Combine(Root, "templates");

    public static string Docs => Path.Combine(Root, "docs");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FormFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FormFlow.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
