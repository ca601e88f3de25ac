using Fleet.Domain.People;
using Fleet.Server.Reports.AuditTrail;
using Fleet.Server.Web.Pages.Audit;

namespace Fleet.Server.Web.Exports;

/// <summary>
/// The audit trail as the audit page searched it — one record's history, or what one person (or anybody) did between two
/// days — newest first, read a page of the trail's own query at a time.
/// </summary>
public static class AuditExport
{
    public static async Task<IResult> WriteAsync(HttpContext http, Guid? record, string? login, string? from, string? to)
    {
        var x = new Export(http);
        var pools = await x.PoolNamesAsync();
        var problems = http.RequestServices.GetRequiredService<ProblemText>();
        var headers = x.Headers("audit.at", "reports.pool", "audit.event", "audit.record", "export.step", "audit.who", "audit.roles", "audit.details",
            "audit.correlation");
        object?[] Row(AuditEntry e) =>
        [
            x.Local(e.At), pools.GetValueOrDefault(e.Pool, e.Pool), x.Text.EventName(e.Type), e.StreamId.ToString(), e.Version, e.LoginName, Roles(x, e.Roles),
            string.Join(x.Text.IsEnglish ? "; " : "；",
                AuditDetails.Of(e.Data, problems, x.Text, x.Zone, pools).Select(d => d.Label + (x.Text.IsEnglish ? ": " : "：") + d.Value)),
            e.CorrelationId,
        ];

        if (record is { } id)
        {
            var trail = await x.AskAsync(new GetAuditTrailOfRecord(id));
            if (!trail.Accepted) return x.Refused(trail.Problems);
            return await x.FileAsync(ExportName.Of(x["export.file_audit"], "audit", id.ToString()[..8]),
                new Sheet(x["export.sheet_audit"], headers, trail.Value!.Select(Row).ToAsyncEnumerable()));
        }

        Guid? actor = null;
        if (!string.IsNullOrWhiteSpace(login))
        {
            var name = login.Trim().ToLowerInvariant();
            await using (var session = x.Read())
                actor = (await session.Query<User>().Where(u => u.InCity() && u.LoginName == name).Select(u => u.Id).ToListAsync(x.Cancellation))
                    .Cast<Guid?>().FirstOrDefault();
            // The audit page's own words for an unknown login, already in the reader's language: they are the whole message.
            if (actor is null) return x.Refused([Problem.Invalid("audit.unknown_login", "login", "{0}", x.Text.Format("audit.unknown_login", login.Trim()))]);
        }

        var when = ExportName.Span(QueryCalendar.Day(from, "from", "", []), QueryCalendar.Day(to, "to", "", []), x.Today);
        return await x.ListAsync(ExportName.Of(x["export.file_audit"], "audit", when), x["export.sheet_audit"], headers,
            (page, size) => new SearchAuditTrail(actor, Blank(from), Blank(to), page, size),
            entries => Task.FromResult(entries.Select(Row)));
    }

    private static string Roles(Export x, string? roles) =>
        roles is null ? "" : x.List(roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(role => Enum.TryParse<Role>(role, out var known) ? x.Term(known) : role));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
