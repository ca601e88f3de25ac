using System.Text;
using Fleet.Domain.People;
using Fleet.Domain.Trips;

namespace Fleet.Server.Reports.Logbook;

/// <summary>The empty logbook a district types its paper logbooks into before importing them (<see cref="ImportLogbook"/>).</summary>
public static class LogbookImportTemplate
{
    [WolverineGet("/api/logbook/import/template", OperationId = "GetLogbookImportTemplate"), Tags("Reports")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static IResult Template() =>
        TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join(',', LogbookImport.Header) + "\r\n")).ToArray(),
            "text/csv; charset=utf-8", "logbook-template.csv");
}
