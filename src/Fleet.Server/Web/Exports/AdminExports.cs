using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Drivers.Listing;
using Fleet.Server.Organisations;
using Fleet.Server.People.Administering;
using Fleet.Server.Vehicles.Listing;

namespace Fleet.Server.Web.Exports;

/// <summary>The fleet administrator's lists — cars, drivers, accounts, organisations — searched as their pages search them.</summary>
public static class AdminExports
{
    public static Task<IResult> VehiclesAsync(HttpContext http, string? q)
    {
        var x = new Export(http);
        return x.ListAsync(ExportName.Of(x["export.file_vehicles"], "vehicles", Day(x)), x["export.sheet_vehicles"],
            x.Headers("admin.plate", "admin.category", "admin.class", "admin.seats", "admin.energy", "admin.status", "admin.odometer",
                "admin.inspection_until", "admin.insurance_until"),
            (page, size) => new ListVehicles(Q: Blank(q), Page: page, PageSize: size, Sort: "plate"),
            vehicles => Task.FromResult(vehicles.Select(v => new object?[]
            {
                v.Plate, x.Term(v.Category), x.Term(v.Class), v.Seats, x.Term(v.EnergyType), x.Term(v.Status), v.OdometerKm,
                Export.Date(v.InspectionValidUntil), Export.Date(v.InsuranceValidUntil),
            })));
    }

    public static Task<IResult> DriversAsync(HttpContext http, string? q)
    {
        var x = new Export(http);
        return x.ListAsync(ExportName.Of(x["export.file_drivers"], "drivers", Day(x)), x["export.sheet_drivers"],
            x.Headers("admin.name", "admin.status", "admin.licence_classes", "admin.licence_number", "admin.licence_expires", "admin.mobile"),
            (page, size) => new ListDrivers(Q: Blank(q), Page: page, PageSize: size, Sort: "name"),
            drivers => Task.FromResult(drivers.Select(d => new object?[]
            {
                d.Name, x.Term(d.Status), x.List(d.LicenceClasses.Select(c => c.ToString())), d.LicenceNumber, Export.Date(d.LicenceExpiresOn), d.Mobile,
            })));
    }

    public static async Task<IResult> UsersAsync(HttpContext http, string? q)
    {
        var x = new Export(http);
        var organisations = await x.OrganisationNamesAsync();
        return await x.ListAsync(ExportName.Of(x["export.file_users"], "users", Day(x)), x["export.sheet_users"],
            x.Headers("admin.login_name", "admin.display_name", "admin.organisation", "admin.roles", "admin.status"),
            (page, size) => new ListUsers(Q: Blank(q), Page: page, PageSize: size, Sort: "loginName"),
            users => Task.FromResult(users.Select(u => new object?[]
            {
                u.LoginName, u.DisplayName, organisations.GetValueOrDefault(u.OrganisationCode, u.OrganisationCode), x.List(u.Roles.Select(r => x.Term(r))),
                x[u.Active ? "admin.active" : "admin.inactive"],
            })));
    }

    /// <summary>The organisations the administrator sees, as the organisations page finds them (it asks the store directly, and so does this).</summary>
    public static async Task<IResult> OrganisationsAsync(HttpContext http, string? q)
    {
        var x = new Export(http);
        var names = await x.OrganisationNamesAsync();
        return await x.FileAsync(ExportName.Of(x["export.file_organisations"], "organisations", Day(x)),
            new Sheet(x["export.sheet_organisations"],
                x.Headers("admin.organisation_name", "admin.organisation_code", "admin.organisation_kind", "admin.parent_organisation", "admin.status"),
                OrganisationRowsAsync(x, Blank(q), names)));
    }

    private static async IAsyncEnumerable<object?[]> OrganisationRowsAsync(Export x, string? term, IReadOnlyDictionary<string, string> names)
    {
        await using var session = x.Read();
        var query = OrganisationDirectory.Visible(session, x.Me);
        if (term is not null)
            query = query.Where(o => o.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || o.Code.Contains(term, StringComparison.OrdinalIgnoreCase));
        var total = await query.CountAsync(x.Cancellation);
        for (var written = 0; written < Math.Min(total, Export.RowLimit); written += Export.PageSize)
        {
            var page = await query.OrderBy(o => o.Closed).ThenBy(o => o.Code).Skip(written).Take(Math.Min(Export.PageSize, Export.RowLimit - written))
                .ToListAsync(x.Cancellation);
            if (page.Count == 0) yield break;
            foreach (var o in page)
                yield return [o.Name, o.Code, x.Term(o.Kind), o.ParentCode is { } p ? names.GetValueOrDefault(p, p) : null, x[o.Closed ? "admin.closed" : "admin.open"]];
        }

        if (total > Export.RowLimit) yield return [x.Truncated(Export.RowLimit, total)];
    }

    private static string Day(Export x) => x.Today.ToString("uuuu-MM-dd", null);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
