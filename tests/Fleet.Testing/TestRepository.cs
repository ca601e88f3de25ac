namespace Fleet.Testing;

/// <summary>The Fleet repository the tests run from, for tests that read its sources, samples and docs.</summary>
public static class TestRepository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Fleet.sln"))) return folder.FullName;
        throw new InvalidOperationException($"Run the tests from inside the Fleet repository: no Fleet.sln above {AppContext.BaseDirectory}.");
    }
}
