using Fleet.Server.Infrastructure.Database;

namespace Fleet.Server.Integrity;

/// <summary>
/// The audit keys live in files outside the database, created at first use readable by the server's account only:
/// whoever administers the database cannot read them, so cannot sign a digest file or seal an event.
/// </summary>
public static class AuditKeyFile
{
    /// <summary>Where the digest signing key is kept: <c>Fleet:Audit:SigningKeyFile</c>, or beside the embedded database's folder.</summary>
    public static string SigningKey(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Fleet:Audit:SigningKeyFile"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(Path.GetDirectoryName(FleetDatabase.DefaultDataDirectory(environment))!, "audit-signing-key.pem");

    /// <summary>Where the event sealing key is kept: <c>Fleet:Audit:SealKeyFile</c>, or beside the signing key.</summary>
    public static string SealKey(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Fleet:Audit:SealKeyFile"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(Path.GetDirectoryName(SigningKey(configuration, environment))!, "audit-seal-key");

    /// <summary>The file's text; when there is no file yet, <paramref name="create"/>'s, written with mode 600.</summary>
    public static string ReadOrCreate(string file, Func<string> create)
    {
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temporary, create());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try
            {
                // Two servers starting together on one folder end up with the same key: the first one's.
                File.Move(temporary, file, overwrite: false);
            }
            catch (IOException) when (File.Exists(file))
            {
                File.Delete(temporary);
            }
        }

        return File.ReadAllText(file);
    }
}
