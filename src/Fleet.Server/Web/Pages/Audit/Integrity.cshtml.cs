using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Server.Integrity;
using Fleet.Server.Infrastructure.Time;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace Fleet.Server.Web.Pages.Audit;

/// <summary>
/// The supervisor's side of the tamper-evident chain: check the stored history now — in the background, from the last
/// signed checkpoint or from the first event, its progress shown while it runs — download the signed daily digests and
/// the key's public half to keep outside the system, and later check the history against such a file.
/// </summary>
[Authorize(Roles = nameof(Role.Supervisor))]
public sealed class AuditIntegrityModel : WebPage
{
    /// <summary>The API's own JSON, so that a downloaded file can be checked by the API, the CLI or the sample script.</summary>
    private static readonly JsonSerializerOptions Json = FleetTime.ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public AuditVerification? Verification { get; private set; }
    public bool AgainstFile { get; private set; }

    /// <summary>The supervisor's latest verification started here: running, or finished with its result.</summary>
    public AuditVerificationStatus? Run { get; private set; }

    public AuditSigningKey Key => Service<AuditSigner>().PublicKey;

    public async Task OnGetAsync()
    {
        // None started since the server started is nothing to show, not a problem.
        var latest = await Service<IMessageBus>().AskAsync(new ReadAuditVerification(), Me, HttpContext.RequestAborted);
        Run = latest.Accepted ? latest.Value : null;
        Verification = Run?.Result;
    }

    /// <summary>Starts a verification (or joins the one running), then shows its progress: reloading the page follows it, as does the page's script.</summary>
    public async Task<IActionResult> OnPostStartAsync(bool fromStart)
    {
        var started = await SendAsync(new StartAuditVerification(fromStart ? "start" : null));
        if (!started.Accepted) return Page();
        return RedirectToPage();
    }

    public async Task<IActionResult> OnGetDigestsAsync()
    {
        if (await AskAsync(new ExportAuditDigests(From, To)) is not { } export) return Page();

        var today = LocalDatePattern.Iso.Format(Clock.GetCurrentInstant().InZone(Zone).Date);
        return File(JsonSerializer.SerializeToUtf8Bytes(export, Json), "application/json", $"fleet-audit-digests-{Me.Pool}-{today}.json");
    }

    public IActionResult OnGetKey() =>
        File(JsonSerializer.SerializeToUtf8Bytes(Key, Json), "application/json", $"fleet-audit-signing-key-{Key.KeyId}.json");

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        var words = Service<WebText>();
        if (file is null || file.Length == 0) Errors["file"] = words["audit.integrity_choose_file"];
        else if (file.Length > DigestExport.MaxFileBytes) Errors["file"] = words["audit.integrity_too_large"];
        if (Errors.Count > 0) return Page();

        DigestExport? export;
        try
        {
            export = await JsonSerializer.DeserializeAsync<DigestExport>(file!.OpenReadStream(), Json, HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            export = null;
        }

        if (export?.Digests is null)
        {
            Errors["file"] = words["audit.integrity_not_a_digest_file"];
            return Page();
        }

        Verification = await AskAsync(new VerifyAuditChainAgainstDigests(export));
        if (Verification is not null) AgainstFile = true;
        else
        {
            // Whatever part of the file is at fault, the reader's field is the file.
            Errors["file"] = Errors.Where(e => e.Key.Length > 0).Select(e => e.Value).FirstOrDefault() ?? Errors[""];
            Errors.Remove("");
        }

        return Page();
    }
}
