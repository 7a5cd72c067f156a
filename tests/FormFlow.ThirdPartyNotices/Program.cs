using FormFlow.ThirdPartyNotices;

// Usage: dotnet run --project tests/FormFlow.ThirdPartyNotices [-- <repository root>]
string root = args.Length > 0 ? Path.GetFullPath(args[0]) : Repository.FindRoot(Directory.GetCurrentDirectory());
IReadOnlyList<ShippedPackage> packages = ShippedPackages.Read(root);
string path = Path.Combine(root, NoticesDocument.FileName);
File.WriteAllText(path, NoticesDocument.Render(packages));
Console.WriteLine($"{NoticesDocument.FileName}: {packages.Count} packages");
