namespace Fleet.Server.Infrastructure.Database;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl) installed on this machine.</summary>
internal sealed class PostgresBinaries
{
    public const string RunUser = "runuser";

    private readonly string _directory;

    private PostgresBinaries(string directory, string version)
    {
        _directory = directory;
        Version = version;
    }

    public string Version { get; }

    public string Path(string tool) => System.IO.Path.Combine(_directory, tool);

    public static PostgresBinaries Locate(string? configured)
    {
        foreach (var candidate in Candidates(configured))
        {
            if (File.Exists(System.IO.Path.Combine(candidate, "initdb")) && File.Exists(System.IO.Path.Combine(candidate, "pg_ctl")))
                return new PostgresBinaries(candidate, VersionOf(candidate));
        }

        throw new PostgresNotInstalledException(
            "Fleet needs the PostgreSQL server programs (initdb, pg_ctl) to run its embedded database: install them with " +
            "'apt-get install postgresql' (or set Fleet:Database:PostgresBinDirectory to their folder), " +
            "or point ConnectionStrings__Fleet at an existing PostgreSQL server.");
    }

    private static IEnumerable<string> Candidates(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            yield return configured;
            yield break;
        }

        // Debian and Ubuntu keep each major version in its own folder, outside PATH; prefer the newest.
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var versions = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: d, Major: int.TryParse(System.IO.Path.GetFileName(d), out var m) ? m : 0))
                .OrderByDescending(v => v.Major);
            foreach (var (dir, _) in versions) yield return System.IO.Path.Combine(dir, "bin");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            yield return dir;

        yield return "/usr/local/pgsql/bin";
    }

    private static string VersionOf(string directory)
    {
        var versionFile = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(directory.TrimEnd('/')));
        return int.TryParse(versionFile, out _) ? versionFile! : "(version unknown)";
    }
}
