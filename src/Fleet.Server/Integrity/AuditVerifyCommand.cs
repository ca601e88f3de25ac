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

        var report = await host.Services.GetRequiredService<AuditVerifier>().VerifyAsync(null, digests,
            input.FromStartFlag ? VerificationStart.Start : VerificationStart.Checkpoint, null, CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(report, json));
        return report.Intact;
    }
}
