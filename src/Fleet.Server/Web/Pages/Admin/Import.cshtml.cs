using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Reports.Logbook;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>The fleet admin uploads a paper logbook typed into the template; the page shows what became of each row.</summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminImportModel : WebPage
{
    /// <summary>As for an API body: a logbook file is text, a few thousand rows at most.</summary>
    private const long MaxFileBytes = 256 * 1024;

    public LogbookImportReport? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            Errors["file"] = Service<WebText>()["admin.import_choose_file"];
            return Page();
        }

        if (file.Length > MaxFileBytes)
        {
            Errors["file"] = Service<WebText>()["admin.import_too_large"];
            return Page();
        }

        using var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8);
        var csv = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        var imported = await SendAsync(new ImportLogbook(new ImportLogbookForm(file.FileName, csv)), lostRace: "admin.import_imported_meanwhile");
        // The same form sent twice at once: its report belongs to the send that was carried out, and uploading the file
        // again shows it.
        if (imported.Repeated) Errors[""] = Service<WebText>()["admin.import_imported_meanwhile"];
        Report = imported.Value?.In(Text);
        return Page();
    }
}
