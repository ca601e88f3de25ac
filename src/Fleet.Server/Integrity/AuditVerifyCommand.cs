using System.Text.Json;
using Fleet.Server.Infrastructure.Time;
using JasperFx.CommandLine;

namespace Fleet.Server.Integrity;

public sealed class AuditVerifyInput : NetCoreInput
{
    [Description("A digest file exported earlier with GET /api/audit/digests, to check the store against")]
    public string DigestsFlag { get; set; } = "";

    [Description("Check every chain from its first event instead of from its last signed checkpoint")]
    public bool FromStartFlag { get; set; }
}

/// <summary>
/// Recomputes the audit chains from the stored events, without starting the server, and reports the first break of
/// each: from each chain's last signed checkpoint, or with <c>--from-start</c> from the first event; with
/// <c>--digests</c>, from the first event against a digest file kept outside the system. Exit code 1 when anything is broken.
/// </summary>
[Description("Verify the tamper-evident audit chain of the event store", Name = "audit-verify")]
public sealed class AuditVerifyCommand : JasperFxAsyncCommand<AuditVerifyInput>
{
    public override async Task<bool> Execute(AuditVerifyInput input)
    {
        var json = FleetTime.ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        using var host = input.BuildHost();
        IReadOnlyList<AuditDigest>? digests = null;
        if (input.DigestsFlag.Length > 0)
        {
            var export = JsonSerializer.Deserialize<DigestExport>(await File.ReadAllTextAsync(input.DigestsFlag), json)!;
            if (export.Flaw(host.Services.GetRequiredService<AuditSigner>()) is { } flaw)
            {
                Console.Error.WriteLine($"{input.DigestsFlag}: {flaw.FormattedMessage}");
                return false;
            }

            digests = export.Digests;
        }

        var from = input.FromStartFlag ? VerificationStart.Start : VerificationStart.Checkpoint;
        var chains = host.Services.GetRequiredService<AuditChains>();
        if (!host.Services.GetRequiredService<Infrastructure.Database.CityMap>().IsProvince)
        {
            var report = await chains.Main.Verifier.VerifyAsync(null, digests, from, null, CancellationToken.None);
            Console.WriteLine(JsonSerializer.Serialize(report, json));
            return report.Intact;
        }

        // Each database keeps its own chain (ADR 025); a digest file is a city's, checked on its supervisor's audit page.
        if (digests is not null)
        {
            Console.Error.WriteLine("With cities in databases of their own, check a digest file on the audit page of its city's supervisor.");
            return false;
        }

        var intact = true;
        foreach (var parts in chains.All)
        {
            var report = await parts.Verifier.VerifyAsync(null, null, from, null, CancellationToken.None);
            Console.WriteLine(JsonSerializer.Serialize(new { database = parts.Chain.DatabaseName, report }, json));
            intact &= report.Intact;
        }

        return intact;
    }
}
